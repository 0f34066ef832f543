import { REPO_ROOT } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';

/**
 * Release build of the workspace's binaries: what the bench runs (the pipelines, qdrant-local,
 * the launcher), not the test binaries and examples, which `cargo test --release` (npm test)
 * links itself. The selection does not change any crate's features, so the tests reuse every
 * compiled dependency: the workspace's dev-dependencies (tempfile, libc) are normal
 * dependencies of the engine too and add no feature. Keep it that way when adding one, or the
 * first `npm test` compiles qdrant-edge a second time. Cargo is its own cache: a second run
 * with no change finishes in about a second. The gate's --baseline-ref builds the baseline's
 * source with the same call (gate/baseline-checkout.ts). Progress: cargo's "Compiling <crate>"
 * lines, counted.
 */
/** The one cargo selection of the bench: set-up and the gate's baseline copies build exactly this. */
export const RUST_BUILD_ARGS = ['build', '--release', '--locked', '--workspace', '--bins'];

/** 'cached' when cargo compiled nothing (everything was fresh). */
export async function buildRustBinaries(report: (line: string) => void, where: { cwd?: string; targetDir?: string } = {}): Promise<'cached' | 'built'> {
  let compiled = 0;
  await runStepCommand({
    step: 'Rust release build',
    file: 'cargo',
    args: RUST_BUILD_ARGS,
    cwd: where.cwd ?? REPO_ROOT,
    env: where.targetDir ? ({ ...process.env, CARGO_TARGET_DIR: where.targetDir } as Record<string, string>) : undefined,
    hint: "check that cargo and rustc 1.95+ are installed (rustup or your distribution) and crates.io is reachable; the first build compiles Qdrant's engine and Candle (~15-20 minutes on 2 cores).",
    onLine: (line) => {
      const compiling = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (compiling) report(`[${++compiled} crates] compiling ${compiling[1]}`);
      else if (/^\s*(Finished|Downloaded|Updating|Blocking)/.test(line)) report(line.trim());
    },
  });
  return compiled === 0 ? 'cached' : 'built';
}
