#!/usr/bin/env node
/**
 * TEST DOUBLE: a pipeline that speaks the query job (pipelines/README.md, "The query job") for the
 * harness's own tests. It is NOT one of the measured pipelines. Any other job is handed to
 * fake-pipeline.mjs (the index double: stub vectors, real points). For the query job it embeds
 * each text with the stub hash embedding of rule 8, searches the real store named by the
 * workload (top_k, no payload, no vectors) and reports the stages and answers the contract asks.
 *
 * Behaviour is set by environment variables (the bench config's per-pipeline `env`):
 *   QUERY_DOUBLE_EMBED_MS   milliseconds each "embedding" waits (default 4): a wait, not CPU, so
 *                           concurrent workers overlap it as threads outside a GIL would
 *   QUERY_DOUBLE_GIL        "1": one embedding at a time (a lock around it), as a GIL would hold threads
 *   QUERY_DOUBLE_POOL       "threads": at most the workload's `threads` embeddings at a time, as a
 *                           compute pool of that many threads would (the threads workload's query part)
 *   QUERY_DOUBLE_BREAK      a field to break: latencies_ms (one short at the first level),
 *                           concurrency (wrong at the first level), answers (one text missing),
 *                           queries (done.queries one short)
 *   QUERY_DOUBLE_WRONG_ANSWERS  "1": report each text's answers as the next text's
 *   QUERY_DOUBLE_ERROR      "1": print an `error` event naming the job and exit 1 (a pipeline without it)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, now, sleep, stubEmbedding } from './pipeline-double-shared.mjs';

const env = process.env;
const broken = env.QUERY_DOUBLE_BREAK ?? '';

let lock = Promise.resolve();
/** QUERY_DOUBLE_POOL=threads: the free "threads" (set from the workload) and the embeddings waiting for one. */
const pool = { free: Number.POSITIVE_INFINITY, waiting: [] };
async function pooled(wait) {
  while (pool.free <= 0) await new Promise((r) => pool.waiting.push(r));
  pool.free--;
  try {
    await wait();
  } finally {
    pool.free++;
    pool.waiting.shift()?.();
  }
}

async function embed(text) {
  const wait = () => sleep(Number(env.QUERY_DOUBLE_EMBED_MS ?? '4'));
  if (env.QUERY_DOUBLE_POOL === 'threads') {
    await pooled(wait);
  } else if (env.QUERY_DOUBLE_GIL === '1') {
    const turn = lock.then(wait);
    lock = turn;
    await turn;
  } else {
    await wait();
  }
  return stubEmbedding(text);
}

async function answer(client, collection, text, k) {
  const t0 = now();
  const vector = await embed(text);
  const hits = await client.search(collection, { vector, limit: k, with_payload: false, with_vector: false });
  return { ms: now() - t0, ids: hits.map((h) => String(h.id)) };
}

/** One level: c workers over one shared queue of the texts, `passes` times over. */
async function level(client, w, c, answers) {
  const queue = Array.from({ length: w.query.passes }, () => w.query.texts).flat();
  const latencies = new Array(queue.length);
  let next = 0;
  emit('start', { stage: `query_c${c}` });
  const t0 = now();
  const worker = async () => {
    for (let i = next++; i < queue.length; i = next++) {
      const a = await answer(client, w.qdrant.collection, queue[i], w.query.top_k);
      latencies[i] = a.ms;
      if (answers && i < w.query.texts.length) answers[i] = a.ids;
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  const first = answers !== null;
  emit('end', {
    stage: `query_c${c}`,
    busy_ms: now() - t0,
    concurrency: first && broken === 'concurrency' ? c + 1 : c,
    queries: queue.length,
    latencies_ms: first && broken === 'latencies_ms' ? latencies.slice(1) : latencies,
  });
}

async function queryJob(w) {
  if (env.QUERY_DOUBLE_ERROR === '1') {
    emit('error', { stage: null, message: 'this pipeline does not implement the query job' });
    process.exit(1);
  }
  if (env.QUERY_DOUBLE_POOL === 'threads') pool.free = w.threads;
  const { QdrantClient } = await import('@qdrant/js-client-rest');
  const client = new QdrantClient({ url: w.qdrant.url, apiKey: w.qdrant.api_key ?? undefined, checkCompatibility: false });
  emit('ready', {
    pipeline: env.FAKE_PIPELINE_ID ?? 'query-double',
    runtime: { name: 'node', version: process.versions.node },
    libraries: {},
    threads: w.threads,
  });
  emit('start', { stage: 'query_cold' });
  const t0 = now();
  const cold = await answer(client, w.qdrant.collection, w.query.texts[0], w.query.top_k);
  emit('end', { stage: 'query_cold', busy_ms: now() - t0, queries: 1, latencies_ms: [cold.ms] });
  const answers = [];
  for (const [i, c] of w.query.concurrency.entries()) await level(client, w, c, i === 0 ? answers : null);
  let reported = env.QUERY_DOUBLE_WRONG_ANSWERS === '1' ? answers.map((_, i) => answers[(i + 1) % answers.length]) : answers;
  if (broken === 'answers') reported = reported.slice(1);
  const queries = 1 + w.query.concurrency.length * w.query.passes * w.query.texts.length;
  emit('done', { queries: broken === 'queries' ? queries - 1 : queries, answers: reported });
}

const workloadPath = process.argv[2];
const workload = JSON.parse(readFileSync(workloadPath, 'utf8'));
if (workload.job === 'query') {
  queryJob(workload).then(
    () => process.exit(0),
    (err) => {
      emit('error', { stage: null, message: `query double failed: ${err?.message ?? err}` });
      process.exit(1);
    },
  );
} else {
  const indexDouble = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-pipeline.mjs');
  const r = spawnSync(process.execPath, [indexDouble, workloadPath], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
