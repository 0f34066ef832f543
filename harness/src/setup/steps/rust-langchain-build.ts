import path from 'node:path';
import { REPO_ROOT } from '../../paths.js';
import { buildVariantCrate, type VariantBuild } from './rust-build.js';

const STEP = 'rust-langchain build';
/** The rust-langchain crate: a workspace of its own, so that langchain-rust's dependencies do not change the project workspace's feature unification. */
export const RUST_LANGCHAIN_CRATE = path.join(REPO_ROOT, 'rust-langchain-pipeline');
/** Run from RUST_LANGCHAIN_CRATE, so that its .cargo/config.toml (the shared target dir) applies. */
export const RUST_LANGCHAIN_BUILD_ARGS = ['build', '--release', '--locked'];

/**
 * Builds target/release/rust-langchain-pipeline (langchain-rust with fastembed on ONNX Runtime
 * loaded at run time: nothing is downloaded). A failure is returned as the one-line reason the
 * variant cannot be built here: the bench then leaves rust-langchain out of the run instead of
 * failing set-up. Cargo is its own cache: a second run with no change takes about a second.
 */
export function buildRustLangchain(report: (line: string) => void, cwd: string = RUST_LANGCHAIN_CRATE): Promise<VariantBuild> {
  return buildVariantCrate(
    {
      step: STEP,
      args: RUST_LANGCHAIN_BUILD_ARGS,
      cwd,
      hint: "see rust-langchain-pipeline/README.md (langchain-rust 7.0, fastembed 7.7 on onnxruntime-node's library).",
    },
    report,
  );
}
