// rust-langchain is a Cargo workspace of its own: set-up builds it only when selected, and a
// build that fails leaves the variant out with one line saying why instead of failing set-up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRustLangchain, RUST_LANGCHAIN_BUILD_ARGS, RUST_LANGCHAIN_CRATE } from '../src/setup/steps/rust-langchain-build.js';

describe('the rust-langchain set-up step', () => {
  it('builds the crate from its own directory (its .cargo/config.toml names the shared target dir)', () => {
    expect(path.basename(RUST_LANGCHAIN_CRATE)).toBe('rust-langchain-pipeline');
    expect(RUST_LANGCHAIN_BUILD_ARGS).toEqual(['build', '--release', '--locked']);
  });

  it('turns a failed cargo build into the one-line reason the variant is left out', async () => {
    // No Cargo.toml here or above: cargo fails at once, as a broken crate would after compiling.
    const empty = mkdtempSync(path.join(tmpdir(), 'no-crate-'));
    const build = await buildRustLangchain(() => {}, empty);
    expect(build.problem).toMatch(/^cargo build in .*\/ failed: error: could not find `Cargo\.toml`/);
    expect(build.problem).not.toContain('\n');
  });
});
