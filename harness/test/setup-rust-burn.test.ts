// rust-burn is a Cargo workspace of its own that compiles the model's ONNX export in: set-up builds
// it only when selected, after the model step, and a build that cannot run or fails leaves the
// variant out with one line saying why instead of failing set-up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../src/paths.js';
import { buildRustBurn, RUST_BURN_BUILD_ARGS, RUST_BURN_CRATE, rustBurnEnv } from '../src/setup/steps/rust-burn-build.js';

describe('the rust-burn set-up step', () => {
  it('builds the crate from its own directory (its .cargo/config.toml names the shared target dir)', () => {
    expect(path.basename(RUST_BURN_CRATE)).toBe('rust-burn-pipeline');
    expect(RUST_BURN_BUILD_ARGS).toEqual(['build', '--release', '--locked']);
  });

  it("passes RUST_BURN_ONNX only for another model, so that npm test's build (without it) does not redo set-up's", () => {
    expect(rustBurnEnv(path.join(DEFAULT_MODEL_DIR, 'onnx', 'model.onnx'))).toBeUndefined();
    expect(rustBurnEnv('/elsewhere/onnx/model.onnx')).toEqual({ RUST_BURN_ONNX: '/elsewhere/onnx/model.onnx' });
  });

  it('names the missing ONNX export instead of running cargo', async () => {
    const noModel = mkdtempSync(path.join(tmpdir(), 'no-model-'));
    const build = await buildRustBurn(noModel, () => {});
    expect(build.problem).toContain(path.join(noModel, 'onnx', 'model.onnx'));
    expect(build.problem).not.toContain('\n');
  });

  it('turns a failed cargo build into the one-line reason the variant is left out', async () => {
    // No Cargo.toml here or above: cargo fails at once, as a broken crate would after compiling.
    const empty = mkdtempSync(path.join(tmpdir(), 'no-crate-'));
    const build = await buildRustBurn(DEFAULT_MODEL_DIR, () => {}, empty);
    expect(build.problem).toMatch(/^cargo build in .*\/ failed: error: could not find `Cargo\.toml`/);
    expect(build.problem).not.toContain('\n');
  });
});
