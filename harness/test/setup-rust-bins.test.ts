// Set-up links only the workspace binaries the selected pipelines run (each thin-LTO link is
// minutes on 2 cores), while `--workspace` keeps every crate's features the same whatever the
// selection, so `cargo test --workspace` and a later selection reuse every compiled crate.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.js';
import { binsFor, rustBuildArgs, WORKSPACE_BIN_OF } from '../src/setup/steps/rust-build.js';

describe('the workspace binaries set-up builds', () => {
  it("the default bench builds the store, the launcher and rust's binary, not the other variants'", () => {
    expect(binsFor(['python', 'rust', 'ts'])).toEqual(['bench-launcher', 'qdrant-local', 'rust-pipeline']);
  });

  it('a selected variant adds its own binary once; pipelines of other workspaces or languages add none', () => {
    expect(binsFor(['rust-ort', 'rust', 'rust-candle-stock', 'rust', 'rust-tch', 'python-ort'])).toEqual([
      'bench-launcher',
      'qdrant-local',
      'rust-ort-pipeline',
      'rust-pipeline',
      'rust-pipeline-stock',
    ]);
    expect(binsFor([])).toEqual(['bench-launcher', 'qdrant-local']);
  });

  it('the cargo call keeps --workspace (features unified over every member) and names each binary', () => {
    expect(rustBuildArgs(['qdrant-local', 'rust-pipeline'])).toEqual([
      'build',
      '--release',
      '--locked',
      '--workspace',
      '--bin',
      'qdrant-local',
      '--bin',
      'rust-pipeline',
    ]);
  });

  it("each pipeline's binary is the one its bench.config.json command runs", () => {
    const config = JSON.parse(readFileSync(path.join(REPO_ROOT, 'bench.config.json'), 'utf8')) as {
      pipelines: Array<{ id: string; command: string[] }>;
    };
    for (const [id, bin] of Object.entries(WORKSPACE_BIN_OF)) {
      expect(config.pipelines.find((p) => p.id === id)?.command[0], id).toBe(`target/release/${bin}`);
    }
  });
});
