/**
 * Store benchmark: `npm run bench:store [-- --points N --queries Q]`
 *
 * Through @qdrant/js-client-rest, at 384 dims (all-MiniLM-L6-v2's size):
 *  - upsert throughput in points/s with batches of 64 and of 256 (`wait=true`, so every batch
 *    is applied and flushed before the next one is sent: what the pipelines do);
 *  - query latency p50/p99 (top-10, cosine) at 10k points, one query at a time;
 *  - acknowledgement (acknowledgement.ts): wait=true against wait=false upsert latency, idle
 *    and with every core busy, and the points kept after kill -9 right after each kind of
 *    acknowledgement (embedded store only). `--ack-only` measures just this.
 * Uses QDRANT_URL (+ QDRANT_API_KEY) when set, otherwise starts the embedded qdrant-local.
 * Prints the figures with the command line and writes a markdown report to
 * results/store-bench/store-bench-<timestamp>.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { QdrantClient } from '@qdrant/js-client-rest';

import { REPO_ROOT } from '../../harness/src/paths.js';
import { seededRandom } from '../../harness/src/stats/random.js';
import { openStore, type StoreHandle } from '../../harness/src/store/index.js';
import { ackMarkdown, busyCores, measureAckLatency, measureKill9, type DurabilityFigure, type LatencyFigure } from './acknowledgement.js';

const DIMS = 384;
const BATCH_SIZES = [64, 256];

/** Deterministic pseudo-random unit-free vectors (the project's seeded generator): no cost of a model in the figures. */
function makeVectors(count: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: DIMS }, () => random() * 2 - 1));
}

function percentile(sortedMs: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sortedMs.length) - 1;
  return sortedMs[Math.min(sortedMs.length - 1, Math.max(0, rank))];
}

async function freshCollection(client: QdrantClient, name: string): Promise<void> {
  if ((await client.collectionExists(name)).exists) await client.deleteCollection(name);
  await client.createCollection(name, { vectors: { size: DIMS, distance: 'Cosine' } });
}

interface UpsertFigure {
  batch: number;
  points: number;
  seconds: number;
  pointsPerSecond: number;
}

async function benchUpsert(client: QdrantClient, vectors: number[][], batch: number): Promise<UpsertFigure> {
  const name = `store_bench_upsert_${batch}`;
  await freshCollection(client, name);
  const started = performance.now();
  for (let start = 0; start < vectors.length; start += batch) {
    const end = Math.min(start + batch, vectors.length);
    const points = [];
    for (let id = start; id < end; id++) points.push({ id, vector: vectors[id], payload: { n: id } });
    await client.upsert(name, { wait: true, points });
  }
  const seconds = (performance.now() - started) / 1000;
  const { count } = await client.count(name, { exact: true });
  if (count !== vectors.length) throw new Error(`upsert check failed: ${count} points stored, ${vectors.length} sent`);
  await client.deleteCollection(name);
  return { batch, points: vectors.length, seconds, pointsPerSecond: vectors.length / seconds };
}

interface QueryFigure {
  points: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

async function benchQuery(client: QdrantClient, vectors: number[][], queries: number): Promise<QueryFigure> {
  const name = 'store_bench_query';
  await freshCollection(client, name);
  for (let start = 0; start < vectors.length; start += 256) {
    const points = vectors.slice(start, start + 256).map((vector, k) => ({ id: start + k, vector }));
    await client.upsert(name, { wait: true, points });
  }
  const queryVectors = makeVectors(queries + 20, 99);
  for (const query of queryVectors.slice(0, 20)) await client.query(name, { query, limit: 10 }); // warm-up
  const latencies: number[] = [];
  for (const query of queryVectors.slice(20)) {
    const started = performance.now();
    const { points } = await client.query(name, { query, limit: 10, with_payload: false });
    latencies.push(performance.now() - started);
    if (points.length !== 10) throw new Error(`query returned ${points.length} points, expected 10`);
  }
  await client.deleteCollection(name);
  latencies.sort((a, b) => a - b);
  return {
    points: vectors.length,
    queries,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
  };
}

interface AckFigures {
  latency: LatencyFigure[];
  durability: DurabilityFigure[] | null;
}

async function benchAcknowledgement(client: QdrantClient, store: StoreHandle, rounds: number): Promise<AckFigures> {
  console.error(`acknowledgement latency, idle (${rounds} rounds)...`);
  const latency = [await measureAckLatency(client, rounds, 'idle')];
  console.error(`acknowledgement latency with ${os.cpus().length} busy loops...`);
  const stopLoops = busyCores();
  try {
    latency.push(await measureAckLatency(client, rounds, `all ${os.cpus().length} cores busy`));
  } finally {
    stopLoops();
  }
  if (store.kind !== 'embedded') return { latency, durability: null };
  console.error('kill -9 right after wait=true, then right after wait=false...');
  const durability = [await measureKill9(61, true), await measureKill9(61, false)];
  return { latency, durability };
}

function report(command: string, store: StoreHandle, upserts: UpsertFigure[], query: QueryFigure | null, ack: AckFigures): string {
  const storeLine = `${store.name} ${store.version} (${store.kind}${'engine' in store ? `, ${String(store.engine)}` : ''}) at ${store.restUrl}`;
  return [
    `# Store benchmark`,
    ``,
    `- command: \`${command}\``,
    `- date: ${new Date().toISOString()}`,
    `- store: ${storeLine}`,
    `- client: @qdrant/js-client-rest (REST), ${DIMS} dims, cosine, \`wait=true\` upserts`,
    `- machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
    ``,
    ...(query === null
      ? []
      : [
          `| upsert batch | points | seconds | points/s |`,
          `|---:|---:|---:|---:|`,
          ...upserts.map((u) => `| ${u.batch} | ${u.points} | ${u.seconds.toFixed(2)} | ${u.pointsPerSecond.toFixed(0)} |`),
          ``,
          `| query (top-10) | collection size | queries | p50 ms | p99 ms | mean ms |`,
          `|---|---:|---:|---:|---:|---:|`,
          `| nearest by vector | ${query.points} | ${query.queries} | ${query.p50Ms.toFixed(2)} | ${query.p99Ms.toFixed(2)} | ${query.meanMs.toFixed(2)} |`,
          ``,
        ]),
    ...ackMarkdown(ack.latency, ack.durability),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      points: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '40' },
      'ack-only': { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 5) throw new Error(`--rounds must be an integer >= 5, got ${values.rounds}`);
  const pointCount = Number(values.points);
  const queryCount = Number(values.queries);
  if (!Number.isInteger(pointCount) || pointCount < 100) throw new Error(`--points must be an integer >= 100, got ${values.points}`);
  if (!Number.isInteger(queryCount) || queryCount < 10) throw new Error(`--queries must be an integer >= 10, got ${values.queries}`);
  const command = `npm run bench:store${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

  const store = await openStore();
  try {
    console.error(`store: ${store.name} ${store.version} (${store.kind}) at ${store.restUrl}`);
    const client = new QdrantClient({ url: store.restUrl, apiKey: store.apiKey, checkCompatibility: true });
    const upserts: UpsertFigure[] = [];
    let query: QueryFigure | null = null;
    if (!values['ack-only']) {
      const vectors = makeVectors(pointCount, 1);
      for (const batch of BATCH_SIZES) {
        console.error(`upserting ${pointCount} points in batches of ${batch}...`);
        upserts.push(await benchUpsert(client, vectors, batch));
      }
      console.error(`querying ${queryCount} times at ${pointCount} points...`);
      query = await benchQuery(client, vectors, queryCount);
    }
    const ack = await benchAcknowledgement(client, store, rounds);

    const markdown = report(command, store, upserts, query, ack);
    console.log(markdown);
    const dir = path.join(REPO_ROOT, 'results', 'store-bench');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `store-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    await writeFile(file, markdown);
    console.error(`report written to ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await store.stop();
  }
}

main().catch((err: Error) => {
  console.error(`bench:store: ${err.message}`);
  process.exit(1);
});
