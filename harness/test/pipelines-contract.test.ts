// The cross-language contract test: the real pipelines (Python LangChain, Rust Candle,
// TypeScript ONNX Runtime) and every matrix variant of bench.config.json (Rust with candle's
// stock BERT, Rust on ONNX Runtime, Python on ONNX Runtime, Python with its splitter in Rust
// through PyO3, TypeScript on ONNX Runtime's WebAssembly build) index the contract's test
// corpus in full mode into one embedded Qdrant, one collection each, and must have done identical work: the same ids, byte-identical
// chunk texts and payloads (equal to pipelines/testdata/expected_chunks.json), vectors of the
// same id with cosine >= 0.999, and the same top-10 answers to a set of queries.
//
// A missing pipeline build is a failure naming the set-up step, never a skip.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR, REPO_ROOT } from '../src/paths.js';
import { startEmbeddedStore, type EmbeddedStore } from '../src/store/index.js';
import { cosine, MIN_COSINE } from '../src/verify/vectors.js';
import { PIPELINES, type PipelineUnderTest, SHARED_NEEDS } from './fixtures/contract-pipelines.js';

const TESTDATA = path.join(REPO_ROOT, 'pipelines', 'testdata');
const THREADS = 2;
const TOP_K = 10;
/** Scores closer than this are a tie: their order may differ between pipelines. */
const TIE = 1e-4;

interface ExpectedChunks {
  /** The corpus files the contract names (paths relative to the corpus dir): a workload lists them (contract rule 1). */
  files: string[];
  settings: { chunk_size: number; chunk_overlap: number; separators: string[]; chunks: ExpectedChunk[] }[];
}
interface ExpectedChunk {
  source: string;
  chunk_index: number;
  id: string;
  text: string;
}
interface Payload {
  page_content: string;
  metadata: { source: string; chunk_index: number };
}
interface StoredPoint {
  id: string;
  payload: Payload;
  vector: number[];
}
interface RunResult {
  code: number | null;
  events: Record<string, any>[];
  stderrTail: string;
}

const expected = JSON.parse(readFileSync(path.join(TESTDATA, 'expected_chunks.json'), 'utf8')) as ExpectedChunks;
const setting = expected.settings.find((s) => s.chunk_size === 200) ?? expected.settings[0];

/** The vector of a point as returned by Qdrant: unnamed, or LangChain's named "" vector. */
function plainVector(vector: unknown): number[] {
  if (Array.isArray(vector)) return vector as number[];
  if (vector && typeof vector === 'object' && Array.isArray((vector as Record<string, unknown>)[''])) {
    return (vector as Record<string, number[]>)[''];
  }
  throw new Error(`unexpected vector shape: ${JSON.stringify(vector)?.slice(0, 100)}`);
}

function runPipeline(pipeline: PipelineUnderTest, workloadPath: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = pipeline.command;
    const threads = String(THREADS);
    const child = spawn(command, [...args, workloadPath], {
      cwd: REPO_ROOT,
      env: { ...process.env, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads, RAYON_NUM_THREADS: threads, HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', (error) => reject(new Error(`${pipeline.id}: cannot start ${command}: ${error.message}`)));
    child.on('close', (code) => {
      const events = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, any>;
          } catch {
            return { event: 'not-json', line };
          }
        });
      resolve({ code, events, stderrTail: stderr });
    });
  });
}

/** Writes the full-mode index workload of the contract corpus for one pipeline; returns its path. */
function writeWorkload(dir: string, id: string, store: EmbeddedStore, collection: string): string {
  const workloadPath = path.join(dir, `${id}.json`);
  writeFileSync(
    workloadPath,
    JSON.stringify({
      corpus: { dir: path.join(TESTDATA, 'corpus'), files: expected.files },
      chunking: { chunk_size: setting.chunk_size, chunk_overlap: setting.chunk_overlap, separators: setting.separators },
      model: { dir: DEFAULT_MODEL_DIR },
      embed_batch_size: 8,
      upsert_batch_size: 16,
      threads: THREADS,
      qdrant: { url: store.restUrl, grpc_url: store.grpcUrl, collection },
      mode: 'full',
    }),
  );
  return workloadPath;
}

/** Every point of a collection with its payload and vector, by id. */
async function storedPoints(client: QdrantClient, collection: string): Promise<Map<string, StoredPoint>> {
  const { points } = await client.scroll(collection, { limit: 100_000, with_payload: true, with_vector: true });
  return new Map(points.map((p) => [String(p.id), { id: String(p.id), payload: p.payload as unknown as Payload, vector: plainVector(p.vector) }]));
}

/** Every pipeline's collection answers `vector` with the same top-k, up to ties of equal score. */
async function expectSameTopK(client: QdrantClient, collection: (id: string) => string, q: number, vector: number[]) {
  // Beyond the top-k too, to look up the score of an id that another pipeline ranks in it.
  const answers = await Promise.all(
    PIPELINES.map(async (p) => ({
      id: p.id,
      hits: (await client.search(collection(p.id), { vector, limit: 3 * TOP_K })).map((h) => ({ id: String(h.id), score: h.score })),
    })),
  );
  for (const a of answers) {
    for (const b of answers) {
      if (a === b) continue;
      // The corpus repeats some chunk texts (identical vectors, identical scores), so a tie
      // may be cut anywhere: at each rank, b's id must score in a what a's id there scores.
      b.hits.slice(0, TOP_K).forEach((hit, rank) => {
        const where = `query ${q}, rank ${rank}: ${b.id} ranks ${hit.id}, ${a.id} ranks ${a.hits[rank].id}`;
        const scoreInA = a.hits.find((h) => h.id === hit.id)?.score;
        expect(scoreInA, `${where}; ${a.id} has no such point near the top`).toBeDefined();
        expect(Math.abs(scoreInA! - a.hits[rank].score), where).toBeLessThan(TIE);
      });
    }
  }
}

/** Stops before any pipeline runs when set-up left out a binary, venv or model, naming each and its fix. */
function refuseIncompleteSetup() {
  const missing = [...SHARED_NEEDS, ...PIPELINES.flatMap((p) => p.needs)].filter((need) => !existsSync(need.path));
  if (missing.length > 0) {
    throw new Error(`set-up incomplete:\n${missing.map((m) => `- ${m.path} is missing: ${m.setup}`).join('\n')}`);
  }
}

/** Query vectors: sentence-transformers' own embeddings of the reference sentences, and every ninth stored chunk. */
function probeQueries(points: Map<string, StoredPoint>): number[][] {
  const reference = JSON.parse(readFileSync(path.join(TESTDATA, 'embeddings.json'), 'utf8')) as { sentences: { embedding: number[] }[] };
  const chunkProbes = setting.chunks.filter((_, i) => i % 9 === 0).map((c) => points.get(c.id)!.vector);
  return [...reference.sentences.map((s) => s.embedding), ...chunkProbes];
}

/** JSON lines only, `ready` first, `done` last with every chunk counted as a point and the binary file skipped. */
function expectProtocol(events: RunResult['events']) {
  expect(events.filter((e) => e.event === 'not-json')).toEqual([]);
  expect(events[0].event).toBe('ready');
  const done = events.at(-1)!;
  expect(done.event).toBe('done');
  expect(done.chunks).toBe(setting.chunks.length);
  expect(done.points).toBe(setting.chunks.length);
  expect(done.skipped_files).toEqual([{ path: 'guide/binary_blob.txt', reason: 'binary' }]);
}

/** The stored points are exactly the expected chunks (source, index, id, text), payloads with no extra key. */
function expectExpectedChunks(points: Map<string, StoredPoint>) {
  const actual = [...points.values()]
    .map((p) => ({ source: p.payload.metadata.source, chunk_index: p.payload.metadata.chunk_index, id: p.id, text: p.payload.page_content }))
    .sort((a, b) => (a.source === b.source ? a.chunk_index - b.chunk_index : Buffer.compare(Buffer.from(a.source), Buffer.from(b.source))));
  expect(actual).toEqual(setting.chunks);
  for (const point of points.values()) expect(Object.keys(point.payload).sort()).toEqual(['metadata', 'page_content']);
}

type PipelinePoints = { id: string; points: Map<string, StoredPoint> };

/** The same ids in every collection, each with a deep-equal payload (exact strings and numbers; JSON key order aside). */
function expectSamePayloads([first, ...others]: PipelinePoints[]) {
  for (const other of others) {
    expect([...other.points.keys()].sort(), `${other.id} vs ${first.id}`).toEqual([...first.points.keys()].sort());
    for (const [id, point] of first.points) {
      expect(other.points.get(id)!.payload, `${other.id} vs ${first.id}, point ${id}`).toStrictEqual(point.payload);
    }
  }
}

/** Every pair of pipelines: the lowest cosine between the vectors of one id is at least MIN_COSINE. */
function expectVectorsAgree(all: PipelinePoints[]) {
  for (let a = 0; a < all.length; a += 1) {
    for (let b = a + 1; b < all.length; b += 1) {
      let worst = 1;
      let worstId = '';
      for (const [id, point] of all[a].points) {
        const similarity = cosine(point.vector, all[b].points.get(id)!.vector);
        if (similarity < worst) [worst, worstId] = [similarity, id];
      }
      expect(worst, `${all[a].id} vs ${all[b].id}: lowest cosine at point ${worstId}`).toBeGreaterThanOrEqual(MIN_COSINE);
    }
  }
}

describe('the pipelines do identical work on the contract corpus', () => {
  let store: EmbeddedStore | undefined;
  let client: QdrantClient;
  let dir: string | undefined;
  const runs = new Map<string, RunResult>();
  const stored = new Map<string, Map<string, StoredPoint>>();
  const collection = (id: string) => `contract_${id}`;

  beforeAll(async () => {
    refuseIncompleteSetup();
    store = await startEmbeddedStore();
    client = new QdrantClient({ url: store.restUrl, checkCompatibility: false });
    dir = mkdtempSync(path.join(tmpdir(), 'pipelines-contract-'));
    // One at a time: each pipeline gets the machine's cores to itself.
    for (const pipeline of PIPELINES) {
      const run = await runPipeline(pipeline, writeWorkload(dir, pipeline.id, store, collection(pipeline.id)));
      runs.set(pipeline.id, run);
      if (run.code === 0) stored.set(pipeline.id, await storedPoints(client, collection(pipeline.id)));
    }
  }, 1_200_000);

  afterAll(async () => {
    await store?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The points of a pipeline that succeeded; a failed run fails the test with its error line. */
  function pointsOf(id: string): Map<string, StoredPoint> {
    const run = runs.get(id)!;
    const error = run.events.find((e) => e.event === 'error');
    expect(run.code, `${id} exited ${run.code}: ${error ? JSON.stringify(error) : 'no error line'}\n${run.stderrTail}`).toBe(0);
    return stored.get(id)!;
  }

  for (const pipeline of PIPELINES) {
    it(`${pipeline.id}: speaks the protocol and reports every chunk as a point`, () => {
      pointsOf(pipeline.id);
      expectProtocol(runs.get(pipeline.id)!.events);
    });

    it(`${pipeline.id}: stores exactly the expected chunks, ids and payloads`, () => {
      expectExpectedChunks(pointsOf(pipeline.id));
    });
  }

  it('all hold the same ids with identical payloads (byte-identical texts)', () => {
    expectSamePayloads(PIPELINES.map((p) => ({ id: p.id, points: pointsOf(p.id) })));
  });

  it(`vectors of the same id agree with cosine >= ${MIN_COSINE}`, () => {
    expectVectorsAgree(PIPELINES.map((p) => ({ id: p.id, points: pointsOf(p.id) })));
  });

  it(`answers the same top-${TOP_K} to every query`, async () => {
    const queries = probeQueries(pointsOf('python'));
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const [q, vector] of queries.entries()) await expectSameTopK(client, collection, q, vector);
  });
});
