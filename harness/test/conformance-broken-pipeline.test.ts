/**
 * The conformance kit against a deliberately broken copy of a pipeline (test double:
 * doubles/broken-pipeline.mjs, the real TypeScript pipeline with one thing broken): each
 * breakage fails the cases it touches with a reason a reader can act on, and only those.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../src/conformance/run.js';
import { loadCaseTable, selectCases, TESTDATA_DIR } from '../src/conformance/table.js';
import { DEFAULT_MODEL_DIR, REPO_ROOT, TS_PIPELINE_ENTRY } from '../src/paths.js';
import { type EmbeddedStore, startEmbeddedStore } from '../src/store/index.js';

const BROKEN = path.join(REPO_ROOT, 'harness/test/doubles/broken-pipeline.mjs');

let store: EmbeddedStore;
const table = loadCaseTable();

/** The outcome of each named case against the double with `fault`. */
async function kit(fault: string, ids: string[]) {
  const results = await runConformance({
    command: [process.execPath, BROKEN],
    cwd: REPO_ROOT,
    table,
    cases: selectCases(table, ids),
    store,
    modelDir: DEFAULT_MODEL_DIR,
    timeoutMs: 300_000,
    env: { BROKEN_PIPELINE_FAULT: fault },
  });
  return Object.fromEntries(results.map((r) => [r.id, r.outcome]));
}

describe('the kit fails a broken copy of the TypeScript pipeline, with readable reasons', () => {
  beforeAll(async () => {
    if (!existsSync(TS_PIPELINE_ENTRY)) throw new Error(`${TS_PIPELINE_ENTRY} is missing: build it with \`npm run build -w ts-pipeline\``);
    store = await startEmbeddedStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  it('an error that names nothing fails each error case, quoting it; the rest passes', async () => {
    const outcomes = await kit('unnamed-errors', ['field-below-minimum', 'file-not-utf8', 'chunks-200-stub']);
    expect(outcomes['field-below-minimum']).toEqual({ kind: 'fail', message: 'the message does not name "chunking.chunk_size": "something went wrong"' });
    expect(outcomes['file-not-utf8']).toEqual({ kind: 'fail', message: 'the message does not name "latin1.txt": "something went wrong"' });
    expect(outcomes['chunks-200-stub'].kind).toBe('pass');
  });

  it('wrong point ids: the expected ids are missing and the stored ones unexpected', async () => {
    const { 'chunks-200-stub': outcome } = await kit('wrong-ids', ['chunks-200-stub']);
    expect(outcome.kind).toBe('fail');
    expect(outcome.message).toMatch(
      /^42 expected point id\(s\) missing: README\.md#0 \(([0-9a-f-]{36})\), README\.md#1 \([0-9a-f-]{36}\), README\.md#2 \([0-9a-f-]{36}\) and 39 more; 42 unexpected point id\(s\): /,
    );
  });

  it('a wrong payload: the field that differs, with both values', async () => {
    const { 'chunks-200-stub': outcome } = await kit('wrong-payload', ['chunks-200-stub']);
    expect(outcome.kind).toBe('fail');
    expect(outcome).toEqual({
      kind: 'fail',
      message: '42 payload(s) differ from {page_content, metadata: {source, chunk_index}}; README.md#0: metadata.source is "./README.md", expected "README.md"',
    });
  });

  it('shard and replica counts not passed on create: the collection info says what it got', async () => {
    const outcomes = await kit('dropped-shards', ['shards-and-replicas', 'stub-embeddings']);
    expect(outcomes['shards-and-replicas']).toEqual({
      kind: 'fail',
      message:
        "the collection's shard_number is 1, not 3 (the workload's qdrant.shard_number); the collection's replication_factor is 1, not 2 (the workload's qdrant.replication_factor)",
    });
    expect(outcomes['stub-embeddings'].kind).toBe('pass');
  });

  it('a token count without [CLS] and [SEP]: held to the reference tokenizer', async () => {
    const { sentences } = JSON.parse(readFileSync(path.join(TESTDATA_DIR, 'tokens.json'), 'utf8')) as { sentences: { text: string; ids: number[] }[] };
    const embedded = sentences.filter((s) => s.text.trim() !== '');
    const reference = embedded.reduce((sum, s) => sum + s.ids.length, 0);
    const { 'reference-embeddings': outcome } = await kit('uncounted-cls', ['reference-embeddings']);
    expect(outcome).toEqual({
      kind: 'fail',
      message: `done.tokens is ${reference - 2 * embedded.length}, the reference tokenizer gives ${reference} (tokens.json)`,
    });
  });
});
