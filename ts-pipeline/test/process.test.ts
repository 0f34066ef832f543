// The built pipeline as the harness runs it: `node ts-pipeline/dist/main.js <workload.json>`,
// for the bad inputs only this pipeline has (its command line, its ONNX model file) and for full
// runs in both modes against the embedded Qdrant. The contract's bad inputs are cases of the
// conformance kit (pipelines/testdata/conformance.json), run against this pipeline by
// harness/test/conformance-pipelines.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from '../../harness/src/store/embedded.js';
import { stubVector } from '../src/stub.js';
import {
  MODEL_DIR,
  buildPipeline,
  cosine,
  errorEvent,
  readTestVector,
  runPipelineProcess,
  runWorkload,
  testWorkload,
  writeWorkload,
  type ExpectedChunks,
  type PipelineRun,
} from './helpers.js';

const expected = readTestVector<ExpectedChunks>('expected_chunks.json');
const setting200 = expected.settings.find((s) => s.chunk_size === 200)!;

/** A copy of the model directory (symlinks) where `onnx/model.onnx` is missing or replaced. */
function modelDirWithOnnx(onnx: Buffer | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'ts-pipeline-model-'));
  for (const entry of readdirSync(MODEL_DIR)) {
    if (entry !== 'onnx') symlinkSync(join(MODEL_DIR, entry), join(dir, entry));
  }
  mkdirSync(join(dir, 'onnx'));
  if (onnx) writeFileSync(join(dir, 'onnx', 'model.onnx'), onnx);
  return dir;
}

function expectFailure(run: PipelineRun, stage: string | null, message: RegExp): void {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.strayStdout).toEqual([]);
  const error = errorEvent(run);
  expect(error.stage).toBe(stage);
  expect(error.message).toMatch(message);
  expect(typeof error.t_ms).toBe('number');
  expect(run.events.some((e) => e.event === 'done')).toBe(false);
  expect(run.stderr).not.toMatch(/^\s+at /m); // no bare stack trace for expected failures
}

beforeAll(() => buildPipeline());

describe('bad input only this pipeline has: an error line naming the problem and a non-zero exit', () => {
  it('no workload argument', async () => {
    expectFailure(await runPipelineProcess([]), null, /usage: .*workload\.json/);
  });

  it('missing model file', async () => {
    const dir = modelDirWithOnnx(null);
    const run = await runWorkload(testWorkload({ mode: 'full', model: { dir } }));
    expectFailure(run, 'model_load', /model: missing file .*onnx\/model\.onnx/);
    expect(run.events[0].event).toBe('ready'); // validated and ready before the model is touched
  });

  it('corrupt ONNX file', async () => {
    const dir = modelDirWithOnnx(Buffer.from('this is not an ONNX protobuf'));
    expectFailure(await runWorkload(testWorkload({ mode: 'full', model: { dir } })), 'model_load', /model: cannot load ONNX model .*model\.onnx/);
  });

  it('corrupt ONNX file on the WebAssembly engine', async () => {
    const dir = modelDirWithOnnx(Buffer.from('this is not an ONNX protobuf'));
    const workload = await writeWorkload(testWorkload({ mode: 'full', model: { dir } }));
    const run = await runPipelineProcess(['--engine', 'wasm', workload]);
    expectFailure(run, 'model_load', /model: cannot load ONNX model .*model\.onnx with onnxruntime-web/);
    expect(run.events[0]).toMatchObject({ event: 'ready', pipeline: 'ts-onnxruntime-web', libraries: { 'onnxruntime-web': '1.30.0' } });
  });

  it('unknown engine', async () => {
    const workload = await writeWorkload(testWorkload());
    expectFailure(await runPipelineProcess(['--engine', 'cuda', workload]), null, /unknown --engine "cuda"; usage: .*--engine node\|wasm/);
  });
});

describe('against the embedded Qdrant', () => {
  let store: EmbeddedStore;
  let client: QdrantClient;
  beforeAll(async () => {
    store = await startEmbeddedStore();
    client = new QdrantClient({ url: store.restUrl, checkCompatibility: false });
  });
  afterAll(async () => {
    await store?.stop();
  });

  const workloadFor = (mode: string, collection: string) => testWorkload({ mode, qdrant: { url: store.restUrl, grpc_url: store.grpcUrl, collection } });

  /** Every point of a collection, by id. */
  async function storedPoints(collection: string) {
    const { points } = await client.scroll(collection, { limit: 10_000, with_payload: true, with_vector: true });
    return new Map(points.map((p) => [String(p.id), p]));
  }

  function expectProtocol(run: PipelineRun, mode: string): Record<string, any> {
    expect(run.code, run.stderr).toBe(0);
    expect(run.strayStdout).toEqual([]);
    const names = run.events.map((e) => (e.stage ? `${e.event}:${e.stage}` : e.event));
    const stages = mode === 'full' ? ['model_load', 'read', 'chunk', 'embed', 'upsert'] : ['read', 'chunk', 'embed', 'upsert'];
    expect(names[0]).toBe('ready');
    expect(names.at(-1)).toBe('done');
    for (const stage of stages) {
      expect(names.indexOf(`start:${stage}`)).toBeGreaterThan(0);
      expect(names.indexOf(`end:${stage}`)).toBeGreaterThan(names.indexOf(`start:${stage}`));
    }
    if (mode === 'stub') expect(names).not.toContain('start:model_load');
    const times = run.events.map((e) => e.t_ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const ready = run.events[0];
    expect(ready).toMatchObject({ pipeline: 'ts-onnxruntime', runtime: { name: 'node' }, threads: 2 });
    expect(Object.keys(ready.libraries)).toContain('onnxruntime-node');
    const read = run.events.find((e) => e.event === 'end' && e.stage === 'read')!;
    expect(read).toMatchObject({ documents: expected.documents.length, skipped_files: expected.skipped_files });
    return run.events.at(-1)!;
  }

  it('stub mode: every point with the contract id, payload and stub vector; the binary file skipped and counted', async () => {
    const run = await runWorkload(workloadFor('stub', 'ts_stub'));
    const done = expectProtocol(run, 'stub');
    expect(done).toMatchObject({
      documents: expected.documents.length,
      skipped_files: [{ path: 'guide/binary_blob.txt', reason: 'binary' }],
      chunks: setting200.chunks.length,
      tokens: 0,
      points: setting200.chunks.length,
      overlapped: [{ stages: ['embed', 'upsert'], kind: 'interleaved' }], // 42 chunks in upsert groups of 16
    });
    const points = await storedPoints('ts_stub');
    expect([...points.keys()].sort()).toEqual(setting200.chunks.map((c) => c.id).sort());
    for (const chunk of setting200.chunks) {
      const point = points.get(chunk.id)!;
      expect(point.payload).toEqual({ page_content: chunk.text, metadata: { source: chunk.source, chunk_index: chunk.chunk_index } });
      expect(cosine(point.vector as number[], stubVector(chunk.text, 384))).toBeGreaterThan(0.999999);
    }
  });

  it('full mode: the model embeds every chunk, counts its tokens, and the vectors answer queries', async () => {
    const run = await runWorkload(workloadFor('full', 'ts_full'));
    const done = expectProtocol(run, 'full');
    expect(done).toMatchObject({ chunks: setting200.chunks.length, points: setting200.chunks.length });
    expect(done.tokens).toBeGreaterThan(setting200.chunks.length * 2); // at least [CLS] + [SEP] + text per chunk
    const embedEnd = run.events.find((e) => e.event === 'end' && e.stage === 'embed')!;
    expect(embedEnd.tokens).toBe(done.tokens);
    const points = await storedPoints('ts_full');
    expect(points.size).toBe(setting200.chunks.length);
    // A chunk's own stored vector finds that chunk first.
    const probe = setting200.chunks[5];
    const [best] = await client.search('ts_full', { vector: points.get(probe.id)!.vector as number[], limit: 1 });
    expect(String(best.id)).toBe(probe.id);
  });
});
