import { REPO_ROOT } from '../paths.js';
import { runStepCommand } from '../run-step-command.js';

/**
 * Release build of the workspace's binaries. Cargo is its own cache: a second run with no
 * change finishes in about a second. Progress: cargo's "Compiling <crate>" lines, counted.
 */
export async function buildRustBinaries(packages: string[], report: (line: string) => void): Promise<void> {
  let compiled = 0;
  await runStepCommand({
    step: 'Rust release build',
    file: 'cargo',
    args: ['build', '--release', '--locked', ...packages.flatMap((p) => ['-p', p])],
    cwd: REPO_ROOT,
    hint: 'check that cargo and rustc 1.95+ are installed (rustup or your distribution) and crates.io is reachable; the first build compiles Qdrant\'s engine and Candle (~15-20 minutes on 2 cores).',
    onLine: (line) => {
      const compiling = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (compiling) report(`[${++compiled} crates] compiling ${compiling[1]}`);
      else if (/^\s*(Finished|Downloaded|Updating|Blocking)/.test(line)) report(line.trim());
    },
  });
}
