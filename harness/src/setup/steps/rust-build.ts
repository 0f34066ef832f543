import { REPO_ROOT } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';

/**
 * Release build of the whole workspace, test targets included. Always the same selection:
 * cargo unifies features over the packages and targets it builds, so any other selection
 * (one package, or no tests while `cargo test --release` adds dev-dependency features)
 * would compile qdrant-edge a second time. Cargo is its own cache: a second run with no
 * change finishes in about a second. Progress: cargo's "Compiling <crate>" lines, counted.
 */
export async function buildRustBinaries(report: (line: string) => void): Promise<void> {
  let compiled = 0;
  await runStepCommand({
    step: 'Rust release build',
    file: 'cargo',
    args: ['build', '--release', '--locked', '--workspace', '--all-targets'],
    cwd: REPO_ROOT,
    hint: 'check that cargo and rustc 1.95+ are installed (rustup or your distribution) and crates.io is reachable; the first build compiles Qdrant\'s engine and Candle (~15-20 minutes on 2 cores).',
    onLine: (line) => {
      const compiling = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (compiling) report(`[${++compiled} crates] compiling ${compiling[1]}`);
      else if (/^\s*(Finished|Downloaded|Updating|Blocking)/.test(line)) report(line.trim());
    },
  });
}
