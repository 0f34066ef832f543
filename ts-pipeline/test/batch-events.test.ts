// Per-batch events (pipelines/README.md, "Per-batch events") against the embedded Qdrant: the
// contract vector every built-in pipeline holds (the test corpus listed twice, stub mode), full
// mode (each pass's tokens add up to the embed stage's), and none unless the workload asks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from '../../harness/src/store/embedded.js';
import { MODEL_DIR, buildPipeline, readTestVector, runWorkload, testWorkload, TEST_CORPUS, type ExpectedChunks, type PipelineRun } from './helpers.js';

const FILES = readTestVector<ExpectedChunks>('expected_chunks.json').files;
let store: EmbeddedStore;
let collections = 0;

beforeAll(async () => {
  buildPipeline();
  store = await startEmbeddedStore();
});
afterAll(async () => {
  await store?.stop();
});

function workload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return testWorkload({
    corpus: { dir: TEST_CORPUS, files: [...FILES, ...FILES] },
    qdrant: { url: store.restUrl, collection: `ts_batches_${collections++}` },
    batch_events: true,
    ...overrides,
  });
}

/** The batch events, each between the embed stage's start and end, numbered 0, 1, 2, ... */
function batches(run: PipelineRun): Record<string, any>[] {
  expect(run.code, run.stderr).toBe(0);
  const kinds = run.events.map((e) => `${e.event}:${e.stage ?? ''}`);
  const [start, end] = [kinds.indexOf('start:embed'), kinds.indexOf('end:embed')];
  const at = kinds.flatMap((k, i) => (k.startsWith('batch:') ? [i] : []));
  for (const i of at) expect(start < i && i < end, kinds.join(' ')).toBe(true);
  const found = at.map((i) => run.events[i]);
  expect(found.map((b) => b.index)).toEqual(found.map((_, i) => i));
  for (const b of found) expect(b.stage === 'embed' && b.ms > 0, JSON.stringify(b)).toBe(true);
  return found;
}

describe('batch events', () => {
  it('meet the contract vector (stub mode, the corpus twice)', async () => {
    const run = await runWorkload(workload());
    const found = batches(run);
    expect(found.map((b) => b.size)).toEqual([...Array(10).fill(8), 4]);
    expect(found.every((b) => b.tokens === 0)).toBe(true);
    expect(run.events.at(-1)).toMatchObject({ event: 'done', chunks: 84, points: 84 });
  });

  it.skipIf(!existsSync(join(MODEL_DIR, 'model.safetensors')))("carry each pass's tokens in full mode", async () => {
    const run = await runWorkload(workload({ mode: 'full' }));
    const found = batches(run);
    expect(found.map((b) => b.size)).toEqual([...Array(10).fill(8), 4]);
    expect(found.every((b) => b.tokens > 0)).toBe(true);
    const embedEnd = run.events.find((e) => e.event === 'end' && e.stage === 'embed')!;
    expect(found.reduce((s, b) => s + b.tokens, 0)).toBe(embedEnd.tokens);
  });

  it('are not written unless the workload asks', async () => {
    const { batch_events: _, ...without } = workload();
    const run = await runWorkload(without);
    expect(run.code, run.stderr).toBe(0);
    expect(run.events.filter((e) => e.event === 'batch')).toEqual([]);
    expect(run.events.at(-1)).toMatchObject({ event: 'done', chunks: 84 });
  });
});
