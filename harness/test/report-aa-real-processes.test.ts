/**
 * A/A on real processes: one real pipeline binary under two ids, in stub mode, at the DEFAULT
 * settings (the default corpus subset, the default warmup and measured runs), run after run.
 * The report must call the two different (a significant primary ratio: end to end, peak
 * memory or embed throughput) in at most 1 run in 20. The pipeline is the Rust one when it is
 * built, else the TypeScript one; the store is the embedded Qdrant when it is built, else the
 * fake Qdrant (a test double of the store; the pipeline processes are real).
 *
 * npm test runs 3 (a smoke check: at most 1 of 3); `npm run bench:aa` runs 40 (AA_RUNS=40) and
 * prints the rate for the record (at most 2 of 40).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { DEFAULT_CORPUS_DIR, QDRANT_LOCAL_BIN, REPO_ROOT, RUST_PIPELINE_BIN, TS_PIPELINE_ENTRY } from '../src/paths.js';
import { runBench } from '../src/run/bench.js';
import { openStore, type StoreHandle } from '../src/store/index.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { TEST_CORPUS } from './helpers.js';

const RUNS = Number(process.env.AA_RUNS ?? 3);
const command = existsSync(RUST_PIPELINE_BIN) ? [RUST_PIPELINE_BIN] : ['node', TS_PIPELINE_ENTRY];
const corpus = existsSync(DEFAULT_CORPUS_DIR) ? DEFAULT_CORPUS_DIR : TEST_CORPUS;

/** A store for the whole series: the embedded Qdrant when built, else the fake one. */
async function store(): Promise<{ handle: StoreHandle; close: () => Promise<void> }> {
  if (existsSync(QDRANT_LOCAL_BIN)) {
    const handle = await openStore({}, {});
    return { handle, close: () => handle.stop() };
  }
  const fake = await startFakeQdrant();
  const handle: StoreHandle = { kind: 'external', name: 'fake-qdrant', version: 'double', restUrl: fake.url, grpcUrl: fake.url, stop: async () => {} };
  return { handle, close: () => fake.close() };
}

/** One default-settings run of the same binary under two ids; the primary ratios it calls significant. */
async function aaRun(handle: StoreHandle): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aa-real-'));
  const config = path.join(dir, 'bench.config.json');
  const pipelines = ['a', 'b'].map((id) => ({ id, name: `same binary (${id})`, command }));
  writeFileSync(config, JSON.stringify({ pipelines, mode: 'stub' }));
  const cfg = resolveConfig(parseBenchArgs(['--config', config, '--corpus', corpus, '--no-setup', '--out', path.join(dir, 'results')])!, REPO_ROOT);
  const { summary } = await runBench({ ...cfg, baseDir: REPO_ROOT }, { store: handle, reports: false });
  expect(
    summary.iterations.every((it) => it.status === 'ok'),
    JSON.stringify(summary.iterations.map((it) => it.failure)),
  ).toBe(true);
  return summary.ratios.filter((r) => r.role === 'primary' && r.significant).map((r) => `${r.metric} ${r.factor.value.toFixed(3)}`);
}

describe('A/A with real pipeline processes at the default settings', () => {
  it(
    `two copies of one binary are called different in at most 1 run in 20 (${RUNS} runs here)`,
    async () => {
      const { handle, close } = await store();
      let different = 0;
      try {
        for (let run = 0; run < RUNS; run++) {
          const calls = await aaRun(handle);
          if (calls.length) different++;
          console.log(`A/A run ${run + 1}/${RUNS}: ${calls.length ? `called different: ${calls.join(', ')}` : 'no difference'}`);
        }
      } finally {
        await close();
      }
      console.log(`A/A (${command.join(' ')}, ${handle.name}, corpus ${corpus}): called different in ${different} of ${RUNS} runs`);
      expect(different).toBeLessThanOrEqual(Math.max(1, Math.floor(RUNS / 20)));
    },
    Math.max(600_000, RUNS * 300_000),
  ); // about 2 minutes a run on a loaded 2-core machine
});
