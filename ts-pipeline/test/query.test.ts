// The query job (pipelines/README.md, "The query job") as the harness runs it, against the
// embedded Qdrant: the contract vector every built-in pipeline holds (the same settings in the
// Python and Rust tests), full mode, and a collection that does not exist.
import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from '../../harness/src/store/embedded.js';
import { drain, sharedQueue } from '../src/query.js';
import { stubVector } from '../src/stub.js';
import { MODEL_DIR, buildPipeline, errorEvent, runWorkload, testWorkload, type PipelineRun } from './helpers.js';

const TEXTS = ['Which encoding does the corpus use?', 'How are Windows line endings handled?'];
const VECTOR = { texts: TEXTS, top_k: 3, concurrency: [1, 2], passes: 2 };
const COLLECTION = 'ts_query_stub_corpus';

let store: EmbeddedStore;
let client: QdrantClient;

beforeAll(async () => {
  buildPipeline();
  store = await startEmbeddedStore();
  client = new QdrantClient({ url: store.restUrl, checkCompatibility: false });
  // the stub collection of testdata/corpus: the index job in stub mode
  const index = await runWorkload(testWorkload({ qdrant: { url: store.restUrl, collection: COLLECTION } }));
  expect(index.code, index.stderr).toBe(0);
});
afterAll(async () => {
  await store?.stop();
});

function queryWorkload(overrides: Record<string, unknown> = {}, collection = COLLECTION): Record<string, unknown> {
  return testWorkload({ job: 'query', query: VECTOR, qdrant: { url: store.restUrl, collection }, ...overrides });
}

async function directAnswers(vectors: number[][]): Promise<string[][]> {
  const answers = [];
  for (const vector of vectors) {
    const { points } = await client.query(COLLECTION, { query: vector, limit: 3, with_payload: false });
    answers.push(points.map((p) => String(p.id)));
  }
  return answers;
}

/** ready, [model_load], query_cold, query_c1, query_c2, done; each level 4 queries with their latencies. */
function expectStages(run: PipelineRun, withModel: boolean): Record<string, any> {
  expect(run.code, run.stderr).toBe(0);
  expect(run.strayStdout).toEqual([]);
  const stages = [...(withModel ? ['model_load'] : []), 'query_cold', 'query_c1', 'query_c2'];
  expect(run.events.map((e) => (e.stage ? `${e.event}:${e.stage}` : e.event))).toEqual(['ready', ...stages.flatMap((s) => [`start:${s}`, `end:${s}`]), 'done']);
  const end = (stage: string) => run.events.find((e) => e.event === 'end' && e.stage === stage)!;
  expect(end('query_cold')).toMatchObject({ queries: 1, latencies_ms: [expect.any(Number)] });
  for (const c of [1, 2]) {
    const level = end(`query_c${c}`);
    expect(level).toMatchObject({ concurrency: c, queries: 4 });
    expect(level.latencies_ms).toHaveLength(4);
    for (const ms of level.latencies_ms) expect(ms > 0 && ms <= level.busy_ms).toBe(true);
  }
  return run.events.at(-1)!;
}

describe('the query job', () => {
  it('meets the contract vector: 9 queries, the answers of a direct search of the store', async () => {
    const done = expectStages(await runWorkload(queryWorkload()), false);
    expect(done.queries).toBe(9);
    const expected = await directAnswers(TEXTS.map((t) => Array.from(stubVector(t, 384))));
    expect(expected.every((ids) => ids.length === 3)).toBe(true);
    expect(done.answers).toEqual(expected);
  }, 60_000);

  it('full mode: the model embeds each query', async () => {
    const done = expectStages(await runWorkload(queryWorkload({ mode: 'full', model: { dir: MODEL_DIR } })), true);
    expect(done.queries).toBe(9);
    expect(done.answers).toHaveLength(2);
    for (const ids of done.answers) expect(ids).toHaveLength(3);
  }, 120_000);

  it('a collection that does not exist: an error naming it, a non-zero exit', async () => {
    const run = await runWorkload(queryWorkload({}, 'no_such_collection'));
    expect(run.code).not.toBe(0);
    const error = errorEvent(run);
    expect(error.stage).toBe('query_cold');
    expect(error.message).toMatch(/no_such_collection.*404|404.*no_such_collection/);
    expect(run.events.some((e) => e.event === 'done')).toBe(false);
  }, 60_000);

  it('the shared queue: texts passes times over; loops answer in queue order and stop at the first failure', async () => {
    expect(sharedQueue(['a', 'b'], 2)).toEqual(['a', 'b', 'a', 'b']);
    const taken: string[] = [];
    const slowFirst = async (text: string) => {
      taken.push(text);
      await new Promise((r) => setTimeout(r, text === 'a' ? 20 : 1));
      return text.toUpperCase();
    };
    expect(await drain(['a', 'b', 'c'], 2, slowFirst)).toEqual(['A', 'B', 'C']);
    expect(taken).toEqual(['a', 'b', 'c']);
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('boom');
    };
    await expect(drain(['a', 'b', 'c', 'd'], 1, failing)).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
