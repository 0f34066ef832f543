import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_DIR, REPO_ROOT } from '../../paths.js';
import { buildVariantCrate, type VariantBuild } from './rust-build.js';

const STEP = 'rust-burn build';
/** The rust-burn crate: a workspace of its own, so that Burn and burn-onnx do not change the project workspace's feature unification. */
export const RUST_BURN_CRATE = path.join(REPO_ROOT, 'rust-burn-pipeline');
/** Run from RUST_BURN_CRATE, so that its .cargo/config.toml (the shared target dir) applies. */
export const RUST_BURN_BUILD_ARGS = ['build', '--release', '--locked'];

/** The export build.rs compiles in when RUST_BURN_ONNX is not set. */
const DEFAULT_ONNX = path.join(DEFAULT_MODEL_DIR, 'onnx', 'model.onnx');

/**
 * The build's environment: RUST_BURN_ONNX only for another model than the default. build.rs reruns
 * when that variable changes, so setting it for the default export too would make `npm run
 * test:rust-burn` (which does not set it) rerun the import and relink the binary after set-up.
 */
export function rustBurnEnv(onnx: string): Record<string, string> | undefined {
  return onnx === DEFAULT_ONNX ? undefined : { RUST_BURN_ONNX: onnx };
}

/**
 * Builds target/release/rust-burn-pipeline: its build.rs turns `<modelDir>/onnx/model.onnx` (passed as
 * RUST_BURN_ONNX unless it is the default) into Burn code and embedded weights with burn-onnx, so it
 * runs after the model step.
 * A missing export or a failed build is returned as the one-line reason the variant cannot be built
 * here: the bench then leaves rust-burn out of the run instead of failing set-up. Cargo is its own
 * cache (build.rs reruns when the export changes).
 */
export function buildRustBurn(modelDir: string, report: (line: string) => void, cwd: string = RUST_BURN_CRATE): Promise<VariantBuild> {
  const onnx = path.resolve(modelDir, 'onnx', 'model.onnx');
  if (!existsSync(onnx))
    return Promise.resolve({ outcome: 'built', problem: `${onnx} is missing: rust-burn compiles the model's ONNX export in (run \`npm run setup\`)` });
  return buildVariantCrate(
    {
      step: STEP,
      args: RUST_BURN_BUILD_ARGS,
      cwd,
      env: rustBurnEnv(onnx),
      hint: 'see rust-burn-pipeline/README.md (burn 0.22.1 on the flex backend, burn-onnx 0.22.0 in build.rs).',
    },
    report,
  );
}
