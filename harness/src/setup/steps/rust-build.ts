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

/** One cargo build as a set-up step: which step it is, its arguments, where, and what to tell the user if it fails. */
export interface CargoBuild {
  step: string;
  args: string[];
  cwd: string;
  targetDir?: string;
  hint: string;
}

/**
 * Runs `cargo <args>` in `cwd`, reporting cargo's "Compiling <crate>" lines counted; the one
 * place set-up calls cargo (the workspace's binaries here, rust-tch's own workspace in
 * rust-tch-build.ts). 'cached' when cargo compiled nothing. A failure throws SetupError with the
 * output's tail.
 */
export async function runCargoBuild(build: CargoBuild, report: (line: string) => void): Promise<'cached' | 'built'> {
  let compiled = 0;
  await runStepCommand({
    step: build.step,
    file: 'cargo',
    args: build.args,
    cwd: build.cwd,
    env: build.targetDir ? ({ ...process.env, CARGO_TARGET_DIR: build.targetDir } as Record<string, string>) : undefined,
    hint: build.hint,
    onLine: (line) => {
      const compiling = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (compiling) report(`[${++compiled} crates] compiling ${compiling[1]}`);
      else if (/^\s*(Finished|Downloaded|Updating|Blocking)/.test(line)) report(line.trim());
    },
  });
  return compiled === 0 ? 'cached' : 'built';
}

/** 'cached' when cargo compiled nothing (everything was fresh). */
export function buildRustBinaries(report: (line: string) => void, where: { cwd?: string; targetDir?: string } = {}): Promise<'cached' | 'built'> {
  return runCargoBuild(
    {
      step: 'Rust release build',
      args: RUST_BUILD_ARGS,
      cwd: where.cwd ?? REPO_ROOT,
      targetDir: where.targetDir,
      hint: "check that cargo and rustc 1.95+ are installed (rustup or your distribution) and crates.io is reachable; the first build compiles Qdrant's engine and Candle (~15-20 minutes on 2 cores).",
    },
    report,
  );
}
