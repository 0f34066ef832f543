import { REPO_ROOT } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';

/**
 * Release build of the whole workspace, test targets included. Always the same selection:
 * cargo unifies features over the packages and targets it builds, so any other selection
 * (one package, or no tests while `cargo test --release` adds dev-dependency features)
 * would compile qdrant-edge a second time. Cargo is its own cache: a second run with no
 * change finishes in about a second. The gate's --baseline-ref builds the baseline's
 * source with the same call (gate/baseline-checkout.ts), so both sides are the same selection. Progress: cargo's "Compiling <crate>" lines, counted.
 */
/** The one cargo selection of the project: set-up and the gate's baseline copies build exactly this. */
export const RUST_BUILD_ARGS = ['build', '--release', '--locked', '--workspace', '--all-targets'];

export async function buildRustBinaries(report: (line: string) => void, where: { cwd?: string; targetDir?: string } = {}): Promise<void> {
  let compiled = 0;
  await runStepCommand({
    step: 'Rust release build',
    file: 'cargo',
    args: RUST_BUILD_ARGS,
    cwd: where.cwd ?? REPO_ROOT,
    env: where.targetDir ? { ...process.env, CARGO_TARGET_DIR: where.targetDir } as Record<string, string> : undefined,
    hint: 'check that cargo and rustc 1.95+ are installed (rustup or your distribution) and crates.io is reachable; the first build compiles Qdrant\'s engine and Candle (~15-20 minutes on 2 cores).',
    onLine: (line) => {
      const compiling = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (compiling) report(`[${++compiled} crates] compiling ${compiling[1]}`);
      else if (/^\s*(Finished|Downloaded|Updating|Blocking)/.test(line)) report(line.trim());
    },
  });
}
