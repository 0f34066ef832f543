#!/usr/bin/env node
/**
 * TEST DOUBLE: a fake pipeline that speaks the pipelines/ protocol, for the harness's own tests.
 * It is NOT one of the measured pipelines. It reads the workload, "chunks" each file into
 * fixed slices of chunk_size code points (a simplification, not the real splitter), embeds each
 * chunk with the stub hash embedding of pipelines/README.md (rule 8), and upserts real points
 * (UUIDv5 ids, LangChain-shaped payload) into the Qdrant named by the workload, so the
 * harness's verification works against real stored data.
 *
 * Behaviour is set by environment variables (the bench config's per-pipeline `env`):
 *   FAKE_PIPELINE_ID     id reported in `ready` (default "fake")
 *   FAKE_STAGE_MS        milliseconds per stage: a number, or JSON {"read": 20, "embed": 100} (default 20)
 *   FAKE_SPEED           factor dividing every stage duration (2 = twice as fast; default 1)
 *   FAKE_BUSY            "1": busy-wait the stage time (burns CPU) instead of sleeping
 *   FAKE_ALLOC_MB        allocate and touch this many MiB during `embed`, held until exit
 *   FAKE_CHILD_ALLOC_MB  spawn a grandchild process that allocates and touches this many MiB
 *                        and lives as long as this process (tests tree sampling and tree kill)
 *   FAKE_CRASH           stage name: exit abruptly with code 3 when this stage starts (no error line)
 *   FAKE_HANG            stage name: never finish this stage
 *   FAKE_MALFORMED       stage name: print a non-JSON line when this stage starts, then go on
 *   FAKE_ERROR           stage name: print an `error` event for this stage and exit 1
 *   FAKE_DROP_POINTS     upsert this many fewer points than reported (point count mismatch)
 *   FAKE_PERTURB         "1": store slightly different vectors (fails the cosine check)
 *   FAKE_NO_STORE        "1": do not touch the store at all (points reported, none stored)
 *   FAKE_PID_FILE        append this process's pid (and its grandchild's) to this file, one per line
 *   FAKE_WRITE_FILE      create this file (content: the pipeline id) if it does not exist yet
 *   FAKE_OVERLAP         "interleaved" or "concurrent": embed and upsert overlap that way (see below)
 *   FAKE_NO_WAIT         "1": upsert with wait=false (breaks contract rule 5)
 *   FAKE_DATATYPE        create the collection with this vector datatype (e.g. "float16"; default: Qdrant's float32)
 *   FAKE_UPSERT_PAUSE_FILE  after the first upsert request, create this file and pause 3 s (once: not if it exists)
 *   FAKE_TOKENS          report this many tokens (default 0, as the stub embedding does)
 *   FAKE_ALTER_COLLECTION  when the collection's name ends with this, store each chunk with a wrong chunk_index
 *   FAKE_THREAD_SCALING  the parallel fraction f of the embed stage (Amdahl): it takes its time x ((1 - f) + f / threads),
 *                        threads from the workload (f = 0: a lock held, no gain from threads; f = 1: perfect scaling)
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { emit, now, sleep, stubEmbedding } from './pipeline-double-shared.mjs';

const env = process.env;
const STAGES = ['model_load', 'read', 'chunk', 'embed', 'upsert'];

function stageMs(stage) {
  const raw = env.FAKE_STAGE_MS ?? '20';
  let ms;
  if (raw.trim().startsWith('{')) ms = JSON.parse(raw)[stage] ?? 0;
  else ms = Number(raw);
  const f = stage === 'embed' && env.FAKE_THREAD_SCALING !== undefined ? Number(env.FAKE_THREAD_SCALING) : null;
  const scaling = f === null ? 1 : 1 - f + f / workloadThreads;
  return (ms * scaling) / Number(env.FAKE_SPEED ?? '1');
}

/** The workload's thread count, once it is read (FAKE_THREAD_SCALING). */
let workloadThreads = 1;

async function spend(stage) {
  const ms = stageMs(stage);
  if (env.FAKE_BUSY === '1') {
    const end = now() + ms;
    let x = 0;
    while (now() < end) x += Math.sqrt(x + 1);
  } else {
    await sleep(ms);
  }
}

/** Faults that trigger when a stage starts. */
async function faultsAt(stage) {
  if (env.FAKE_CRASH === stage) process.exit(3);
  if (env.FAKE_MALFORMED === stage) process.stdout.write('this is not a protocol line {\n');
  if (env.FAKE_ERROR === stage) {
    emit('error', { stage, message: `fake failure in ${stage} (FAKE_ERROR)` });
    process.exit(1);
  }
  if (env.FAKE_HANG === stage) {
    setInterval(() => {}, 1 << 30);
    await new Promise(() => {});
  }
}

function uuidV5(name) {
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

let held = null;
function allocate(mib) {
  held = Buffer.alloc(mib * 1024 * 1024);
  for (let i = 0; i < held.length; i += 4096) held[i] = 1; // touch every page so it is resident
}

async function main() {
  const workloadPath = process.argv[2];
  if (!workloadPath) {
    emit('error', { stage: null, message: 'usage: fake-pipeline.mjs <workload.json>' });
    process.exit(2);
  }
  const workload = JSON.parse(readFileSync(workloadPath, 'utf8'));

  if (env.FAKE_CHILD_ALLOC_MB) {
    const mib = Number(env.FAKE_CHILD_ALLOC_MB);
    const code = `const b=Buffer.alloc(${mib}*1048576);for(let i=0;i<b.length;i+=4096)b[i]=1;setInterval(()=>{},1e9);`;
    const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    process.on('exit', () => child.kill('SIGKILL'));
    if (env.FAKE_PID_FILE) appendFileSync(env.FAKE_PID_FILE, `${child.pid}\n`);
  }
  if (env.FAKE_PID_FILE) appendFileSync(env.FAKE_PID_FILE, `${process.pid}\n`);
  if (env.FAKE_WRITE_FILE && !existsSync(env.FAKE_WRITE_FILE)) writeFileSync(env.FAKE_WRITE_FILE, env.FAKE_PIPELINE_ID ?? 'fake');

  emit('ready', {
    pipeline: env.FAKE_PIPELINE_ID ?? 'fake',
    runtime: { name: 'node', version: process.versions.node },
    libraries: { 'fake-pipeline': '1.0.0' },
    threads: workload.threads,
  });
  workloadThreads = workload.threads;

  const stages = workload.mode === 'stub' ? STAGES.filter((s) => s !== 'model_load') : STAGES;
  const state = { workloadPath, workload, docs: [], chunks: [], points: [] };
  const overlap = env.FAKE_OVERLAP; // "interleaved" | "concurrent" | unset
  for (const stage of stages) {
    if (overlap && stage === 'upsert') continue; // done together with embed
    if (overlap && stage === 'embed') {
      await overlappingEmbedUpsert(state, overlap);
      continue;
    }
    emit('start', { stage });
    await faultsAt(stage);
    const t0 = now();
    const counts = await work(stage, state);
    await spend(stage);
    emit('end', { stage, busy_ms: now() - t0, ...counts });
  }
  emit('done', {
    documents: state.docs.length,
    skipped_files: [],
    chunks: state.chunks.length,
    tokens: Number(env.FAKE_TOKENS ?? '0'),
    points: state.points.length,
    overlapped: overlap ? [{ stages: ['embed', 'upsert'], kind: overlap }] : [],
  });
  process.exit(0);
}

/** A stage's own work; returns the counts its `end` event carries. */
async function work(stage, state) {
  const { workload } = state;
  if (stage === 'read') {
    const dir = path.resolve(path.dirname(state.workloadPath), workload.corpus.dir);
    state.docs = workload.corpus.files.map((f) => ({ source: f, text: readFileSync(path.join(dir, f), 'utf8').replace(/\r\n?/g, '\n') }));
    return { documents: state.docs.length, skipped_files: [], bytes: state.docs.reduce((s, d) => s + Buffer.byteLength(d.text), 0) };
  }
  if (stage === 'chunk') {
    const size = workload.chunking.chunk_size;
    for (const d of state.docs) {
      const cps = [...d.text];
      for (let i = 0, n = 0; i < cps.length; i += size, n++) {
        const text = cps
          .slice(i, i + size)
          .join('')
          .trim();
        if (text) state.chunks.push({ source: d.source, index: n, text });
      }
    }
    return { chunks: state.chunks.length };
  }
  if (stage === 'embed') {
    if (env.FAKE_ALLOC_MB) allocate(Number(env.FAKE_ALLOC_MB));
    state.points = state.chunks.map((c) => {
      let vector = stubEmbedding(c.text);
      if (env.FAKE_PERTURB === '1') vector = stubEmbedding(c.text + ' perturbed');
      const alter = env.FAKE_ALTER_COLLECTION && workload.qdrant.collection.endsWith(env.FAKE_ALTER_COLLECTION);
      const metadata = { source: c.source, chunk_index: alter ? c.index + 1000 : c.index };
      return { id: uuidV5(`${c.source}#${c.index}`), vector, payload: { page_content: c.text, metadata } };
    });
    return { chunks: state.chunks.length, tokens: Number(env.FAKE_TOKENS ?? '0') };
  }
  if (stage === 'upsert') {
    const reported = state.points.length;
    const stored = state.points.slice(0, Math.max(0, state.points.length - Number(env.FAKE_DROP_POINTS ?? '0')));
    if (env.FAKE_NO_STORE !== '1') await upsert(workload, stored);
    return { points: reported };
  }
  return {};
}

/**
 * FAKE_OVERLAP: embed and upsert overlap as the contract describes. interleaved: one after the
 * other (as one thread taking turns), each reporting its busy time. concurrent: the upsert's
 * time runs alongside the embed's; embed is exposed in full, upsert only where it outlasts embed.
 */
async function overlappingEmbedUpsert(state, kind) {
  emit('start', { stage: 'embed' });
  emit('start', { stage: 'upsert' });
  const t0 = now();
  const embedCounts = await work('embed', state);
  if (kind === 'interleaved') {
    await spend('embed');
    const embedBusy = now() - t0;
    const t1 = now();
    const upsertCounts = await work('upsert', state);
    await spend('upsert');
    const upsertBusy = now() - t1;
    emit('end', { stage: 'embed', busy_ms: embedBusy, ...embedCounts });
    emit('end', { stage: 'upsert', busy_ms: upsertBusy, ...upsertCounts });
    return;
  }
  let upsertBusy = 0;
  const upserting = (async () => {
    const t1 = now();
    const counts = await work('upsert', state);
    await spend('upsert');
    upsertBusy = now() - t1;
    return counts;
  })();
  await spend('embed');
  const embedBusy = now() - t0;
  emit('end', { stage: 'embed', busy_ms: embedBusy, exposed_ms: embedBusy, ...embedCounts });
  const upsertCounts = await upserting;
  emit('end', { stage: 'upsert', busy_ms: upsertBusy, exposed_ms: Math.max(0, now() - t0 - embedBusy), ...upsertCounts });
}

async function upsert(workload, points) {
  const { QdrantClient } = await import('@qdrant/js-client-rest');
  const q = workload.qdrant;
  const client = new QdrantClient({ url: q.url, apiKey: q.api_key ?? undefined, checkCompatibility: false });
  const datatype = env.FAKE_DATATYPE ? { datatype: env.FAKE_DATATYPE } : {};
  await client.createCollection(q.collection, { vectors: { size: 384, distance: 'Cosine', ...datatype } });
  const batch = workload.upsert_batch_size;
  for (let i = 0; i < points.length; i += batch) {
    if (i > 0 && env.FAKE_UPSERT_PAUSE_FILE && !existsSync(env.FAKE_UPSERT_PAUSE_FILE)) {
      writeFileSync(env.FAKE_UPSERT_PAUSE_FILE, String(process.pid));
      await sleep(3000);
    }
    await client.upsert(q.collection, { wait: env.FAKE_NO_WAIT !== '1', points: points.slice(i, i + batch) });
  }
}

main().catch((err) => {
  emit('error', { stage: null, message: `fake pipeline failed: ${err?.message ?? err}` });
  process.exit(1);
});
