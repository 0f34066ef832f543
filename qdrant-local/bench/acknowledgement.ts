/**
 * How the store acknowledges writes (issue 9, section 2), measured the way a pipeline writes:
 * 64 points of 384 dims with 800-character payloads per request.
 *  - latency: median of `wait=true` against `wait=false` upserts, interleaved on one
 *    collection of one server, on an idle machine and with every core running a busy loop
 *    (a real Qdrant answers both within ~1.2x; an fsync in the acknowledgement path does not);
 *  - durability (embedded store only): acknowledged batches, the last one `wait=true` or
 *    `wait=false`, then `kill -9` at once and a restart on the same data: points kept of sent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

import { QdrantClient } from '@qdrant/js-client-rest';

import { median } from '../../harness/src/stats/descriptive.js';
import { seededRandom } from '../../harness/src/stats/random.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../harness/src/store/index.js';

const DIMS = 384;
const BATCH = 64;
const PAYLOAD_CHARS = 800;

export interface LatencyFigure {
  load: string;
  rounds: number;
  waitTrueMs: number;
  waitFalseMs: number;
  ratio: number;
}

export interface DurabilityFigure {
  last: 'wait=true' | 'wait=false';
  sent: number;
  kept: number;
}

/** Batch `index` of the workload: 64 points with distinct ids, vectors and payload text. */
function batch(index: number): { id: number; vector: number[]; payload: { text: string } }[] {
  const random = seededRandom(1000 + index);
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  return Array.from({ length: BATCH }, (_, k) => ({
    id: index * BATCH + k,
    vector: Array.from({ length: DIMS }, () => random() * 2 - 1),
    payload: { text: Array.from({ length: PAYLOAD_CHARS }, () => letters[Math.floor(random() * letters.length)]).join('') },
  }));
}

/** Interleaved upserts (true/false, then false/true, ...) on a fresh collection; medians of each. */
export async function measureAckLatency(client: QdrantClient, rounds: number, load: string): Promise<LatencyFigure> {
  const name = `store_bench_ack_${load.replace(/\W+/g, '_')}`;
  if ((await client.collectionExists(name)).exists) await client.deleteCollection(name);
  await client.createCollection(name, { vectors: { size: DIMS, distance: 'Cosine' } });
  const batches = Array.from({ length: 2 * rounds + 4 }, (_, i) => batch(i));
  for (const points of batches.slice(0, 4)) await client.upsert(name, { wait: true, points }); // warm-up
  const times: Record<'true' | 'false', number[]> = { true: [], false: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [false, true] : [true, false];
    for (const [k, wait] of order.entries()) {
      const points = batches[4 + 2 * round + k];
      const started = performance.now();
      await client.upsert(name, { wait, points });
      times[`${wait}`].push(performance.now() - started);
    }
  }
  await client.deleteCollection(name);
  const waitTrueMs = median(times.true);
  const waitFalseMs = median(times.false);
  return { load, rounds, waitTrueMs, waitFalseMs, ratio: waitTrueMs / waitFalseMs };
}

/** One busy loop per core (`nice -n 0 sh -c 'while :; do :; done'`); call the result to stop them. */
export function busyCores(): () => void {
  const loops: ChildProcess[] = os.cpus().map(() => spawn('nice', ['-n', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
  return () => {
    for (const loop of loops) loop.kill('SIGKILL');
  };
}

/**
 * `batches` acknowledged upserts alternating wait=true / wait=false so that the last one has
 * `lastWait`, then kill -9 with no pause, a restart on the same data dir, and a count.
 */
export async function measureKill9(batches: number, lastWait: boolean): Promise<DurabilityFigure> {
  const store = await startEmbeddedStore();
  let restarted: EmbeddedStore | undefined;
  // The server's process and pipes are unref'd: without a ref'd handle, node would exit while
  // it waits for the killed server's exit event.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    const name = 'store_bench_kill9';
    let client = new QdrantClient({ url: store.restUrl, checkCompatibility: false });
    await client.createCollection(name, { vectors: { size: DIMS, distance: 'Cosine' } });
    for (let i = 0; i < batches; i++) {
      const wait = (batches - 1 - i) % 2 === 0 ? lastWait : !lastWait;
      await client.upsert(name, { wait, points: batch(i) });
    }
    process.kill(store.pid, 'SIGKILL');
    await store.exited;
    restarted = await store.restart();
    client = new QdrantClient({ url: restarted.restUrl, checkCompatibility: false });
    const { count } = await client.count(name, { exact: true });
    return { last: lastWait ? 'wait=true' : 'wait=false', sent: batches * BATCH, kept: count };
  } finally {
    await store.stop();
    await restarted?.stop();
    clearInterval(keepAlive);
  }
}

export function ackMarkdown(latency: LatencyFigure[], durability: DurabilityFigure[] | null): string[] {
  const lines = [
    `Acknowledgement: ${BATCH} x ${DIMS}-d points with ${PAYLOAD_CHARS}-character payloads per upsert, wait=true and wait=false interleaved on one collection.`,
    ``,
    `| machine | rounds | wait=true median ms | wait=false median ms | ratio |`,
    `|---|---:|---:|---:|---:|`,
    ...latency.map((l) => `| ${l.load} | ${l.rounds} | ${l.waitTrueMs.toFixed(1)} | ${l.waitFalseMs.toFixed(1)} | ${l.ratio.toFixed(2)}x |`),
    ``,
  ];
  if (durability === null) return [...lines, `kill -9 durability: not measured (external store).`, ``];
  return [
    ...lines,
    `| kill -9 right after | points acknowledged | points kept after restart |`,
    `|---|---:|---:|`,
    ...durability.map((d) => `| ${d.last} | ${d.sent} | ${d.kept} |`),
    ``,
  ];
}
