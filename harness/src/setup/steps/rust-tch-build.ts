import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, VENV_DIR } from '../../paths.js';
import { buildVariantCrate, type VariantBuild } from './rust-build.js';

const STEP = 'rust-tch build';
/** The rust-tch crate: a workspace of its own, so that the project's workspace builds without libtorch. */
export const RUST_TCH_CRATE = path.join(REPO_ROOT, 'rust-tch-pipeline');
/** The libtorch rust-tch links: the one in the venv's torch wheel (rust-tch-pipeline/.cargo/config.toml names the same directory). */
export const VENV_LIBTORCH = path.join(VENV_DIR, 'lib', 'python3.11', 'site-packages', 'torch');
/** Run from RUST_TCH_CRATE, so that its .cargo/config.toml (LIBTORCH, the shared target dir) applies. */
export const RUST_TCH_BUILD_ARGS = ['build', '--release', '--locked'];

/** Why libtorch is not there to build against (`LIBTORCH` if set, else the venv's torch), or null. */
export function libtorchProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.LIBTORCH || VENV_LIBTORCH;
  if (existsSync(path.join(dir, 'lib', 'libtorch_cpu.so'))) return null;
  const named = env.LIBTORCH ? `LIBTORCH names ${dir}, which` : `${path.relative(REPO_ROOT, dir)} (the venv's torch)`;
  return `${named} has no lib/libtorch_cpu.so: run \`npm run setup\` to install the venv's torch, or set LIBTORCH to a libtorch directory`;
}

/**
 * Builds target/release/rust-tch-pipeline against the venv's libtorch (after the venv step).
 * A failure is returned as the one-line reason the variant cannot be built here: the bench then
 * leaves rust-tch out of the run instead of failing set-up. The first build compiles tch's C++
 * shim against libtorch's headers (several minutes); cargo is its own cache afterwards.
 */
export async function buildRustTch(report: (line: string) => void): Promise<VariantBuild> {
  const problem = libtorchProblem();
  if (problem) return { outcome: 'built', problem };
  return buildVariantCrate(
    { step: STEP, args: RUST_TCH_BUILD_ARGS, cwd: RUST_TCH_CRATE, hint: 'see rust-tch-pipeline/README.md (libtorch from the venv, tch 0.26).' },
    report,
  );
}
