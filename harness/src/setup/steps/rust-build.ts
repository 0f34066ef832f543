import path from 'node:path';
import { REPO_ROOT } from '../../paths.js';
import { runStepCommand, SetupError } from '../run-step-command.js';

/**
 * Release build of the workspace's binaries the bench runs: the store, the launcher and the
 * selected pipelines' binaries, not the test binaries and examples, which `cargo test
 * --release` (npm test) links itself, nor the variants not selected (each binary's thin-LTO
 * link is minutes on 2 cores). `--workspace` stays, so every crate's features are unified over
 * the whole workspace whatever the `--bin` selection: the tests and a later selection reuse
 * every compiled dependency. The workspace's dev-dependencies (tempfile, libc) are normal
 * dependencies of the engine too and add no feature; keep it that way when adding one, or the
 * first `npm test` compiles qdrant-edge a second time. Cargo is its own cache: a second run with
 * no change finishes in about a second. The gate's --baseline-ref builds the baseline's source
 * with the same call (gate/baseline-checkout.ts). Progress: cargo's "Compiling <crate>" lines,
 * counted.
 */
/** The binaries every bench runs: the embedded store and the launcher that runs each pipeline. */
export const ALWAYS_BUILT_BINS = ['bench-launcher', 'qdrant-local'] as const;

/** Each pipeline that runs a binary of the project's workspace, and that binary (rust-tch has a workspace of its own). */
export const WORKSPACE_BIN_OF: Readonly<Record<string, string>> = {
  rust: 'rust-pipeline',
  'rust-candle-stock': 'rust-pipeline-stock',
  'rust-ort': 'rust-ort-pipeline',
};

/** The workspace binaries a bench of these pipelines needs: the store, the launcher, then the pipelines' own. */
export function binsFor(pipelineIds: Iterable<string>): string[] {
  const own = [...new Set(pipelineIds)].flatMap((id) => (WORKSPACE_BIN_OF[id] ? [WORKSPACE_BIN_OF[id]] : []));
  return [...ALWAYS_BUILT_BINS, ...own.sort()];
}

/** The one cargo selection of the bench: set-up and the gate's baseline copies build exactly this. */
export function rustBuildArgs(bins: readonly string[]): string[] {
  return ['build', '--release', '--locked', '--workspace', ...bins.flatMap((bin) => ['--bin', bin])];
}

/** One cargo build as a set-up step: which step it is, its arguments, where, and what to tell the user if it fails. */
export interface CargoBuild {
  step: string;
  args: string[];
  cwd: string;
  targetDir?: string;
  /** Extra environment for cargo (and so for build scripts), e.g. rust-burn's RUST_BURN_ONNX. */
  env?: Record<string, string>;
  hint: string;
}

/**
 * Runs `cargo <args>` in `cwd`, reporting cargo's "Compiling <crate>" lines counted; the one
 * place set-up calls cargo (the workspace's binaries here, the variant workspaces through
 * buildVariantCrate). 'cached' when cargo compiled nothing. A failure throws SetupError with the
 * output's tail.
 */
export async function runCargoBuild(build: CargoBuild, report: (line: string) => void): Promise<'cached' | 'built'> {
  let compiled = 0;
  await runStepCommand({
    step: build.step,
    file: 'cargo',
    args: build.args,
    cwd: build.cwd,
    env: cargoEnv(build),
    hint: build.hint,
    onLine: (line) => {
      const compiling = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (compiling) report(`[${++compiled} crates] compiling ${compiling[1]}`);
      else if (/^\s*(Finished|Downloaded|Updating|Blocking)/.test(line)) report(line.trim());
    },
  });
  return compiled === 0 ? 'cached' : 'built';
}

/** Cargo's environment: the caller's, plus the build's target dir and extra variables (undefined: inherit). */
function cargoEnv(build: CargoBuild): Record<string, string> | undefined {
  const extra = { ...(build.targetDir ? { CARGO_TARGET_DIR: build.targetDir } : {}), ...build.env };
  return Object.keys(extra).length > 0 ? ({ ...process.env, ...extra } as Record<string, string>) : undefined;
}

/** Builds `bins` (binsFor); 'cached' when cargo compiled nothing (everything was fresh). */
export function buildRustBinaries(
  bins: readonly string[],
  report: (line: string) => void,
  where: { cwd?: string; targetDir?: string } = {},
): Promise<'cached' | 'built'> {
  return runCargoBuild(
    {
      step: 'Rust release build',
      args: rustBuildArgs(bins),
      cwd: where.cwd ?? REPO_ROOT,
      targetDir: where.targetDir,
      hint: "check that cargo and rustc 1.95+ are installed (rustup or your distribution) and crates.io is reachable; the first build compiles Qdrant's engine and Candle (~15-20 minutes on 2 cores).",
    },
    report,
  );
}

/** A variant crate's build: `problem` is null when the binary is there, else the one-line reason it is not. */
export interface VariantBuild {
  outcome: 'cached' | 'built';
  problem: string | null;
}

/** The first compiler or cargo error of a failed build's output, as one line. */
export function firstError(lines: string[]): string {
  const error = lines.find((l) => /(^|\s)error(\[E\d+\])?:/.test(l));
  return (error ?? lines.at(-1) ?? 'cargo failed without output').trim();
}

/**
 * Builds a variant that is a Cargo workspace of its own (rust-tch, rust-langchain, rust-burn). A failure
 * is returned as the one-line reason the variant cannot be built here, so the bench leaves it
 * out of the run instead of failing set-up.
 */
export async function buildVariantCrate(build: CargoBuild, report: (line: string) => void): Promise<VariantBuild> {
  try {
    return { outcome: await runCargoBuild(build, report), problem: null };
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    return { outcome: 'built', problem: `cargo build in ${path.relative(REPO_ROOT, build.cwd) || '.'}/ failed: ${firstError(error.outputTail)}` };
  }
}
