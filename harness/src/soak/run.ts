/**
 * One soak: the bench's own run (runBench) of the chosen pipelines in stub mode against an
 * embedded qdrant-local started here, with a reading after every iteration (recorder.ts) and a
 * snapshot of what a run may leave behind before and after (probe.ts). The run gets a fresh
 * os.tmpdir() (TMPDIR, inherited by the store and the pipelines), so temp dirs of other
 * processes on a shared machine do not count, and every pipeline gets a token in its
 * environment, so a process that outlives the run is found even after it was re-parented.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchConfig } from '../config/types.js';
import { readMemory } from '../measure/proc.js';
import { silentProgress, type ProgressReporter } from '../progress/index.js';
import { runBench, type RunBenchResult } from '../run/bench.js';
import { storeClient } from '../store/collections.js';
import { startEmbeddedStore, type EmbeddedStore } from '../store/index.js';
import { diffLeaks, type LeakDiff, type LeakSnapshot } from './leaks.js';
import { collectionNames, descendants, entriesOf, listeningPorts, openFds, processesWithToken, rssSplit, SOAK_TOKEN_ENV } from './probe.js';
import { SoakRecorder } from './recorder.js';
import type { StoreMemory } from './types.js';

export interface SoakOptions {
  progress?: ProgressReporter;
  signal?: AbortSignal;
  /** How long to wait after the last collection is dropped before reading the store's RSS (default 2000). */
  storeSettleMs?: number;
  /** How long the after-snapshot may take to settle (killed processes reaped, sockets closed; default 5000). */
  leakSettleMs?: number;
}

/** The raw figures of a soak; report.ts turns them into the report. */
export interface SoakRun {
  bench: RunBenchResult;
  readings: SoakRecorder['readings'];
  leaks: LeakDiff[];
  snapshots: { before: LeakSnapshot; after: LeakSnapshot };
  store: Omit<StoreMemory, 'afterFirstRssBytes' | 'endVsStart' | 'targetFraction'>;
  tmpDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function snapshot(token: string, tmpDir: string, storePorts: number[], collections: string[]): LeakSnapshot {
  return {
    processes: [...descendants(), ...processesWithToken(token)],
    collections,
    tempDirs: entriesOf(tmpDir),
    fds: openFds(),
    listeningPorts: listeningPorts(storePorts),
  };
}

/** The after-snapshot, taken again (every 100 ms, up to `settleMs`) while it still shows extras: a SIGKILLed process is reaped, a closed peer's socket closed, a moment later. */
async function settledDiff(before: LeakSnapshot, take: () => LeakSnapshot, settleMs: number): Promise<{ leaks: LeakDiff[]; after: LeakSnapshot }> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const after = take();
    const leaks = diffLeaks(before, after);
    if (leaks.every((d) => d.extra.length === 0) || Date.now() >= deadline) return { leaks, after };
    await sleep(100);
  }
}

/** Every pipeline of the run carries the token in its environment. */
function withToken(config: BenchConfig, token: string): BenchConfig {
  return { ...config, pipelines: config.pipelines.map((p) => ({ ...p, env: { ...p.env, [SOAK_TOKEN_ENV]: token } })) };
}

const portOf = (url: string) => Number(new URL(url).port);

/** The run between the snapshots: the store started, the bench run, the store's memory read, the store stopped. */
async function runWithStore(config: BenchConfig, options: SoakOptions, before: LeakSnapshot) {
  const store: EmbeddedStore = await startEmbeddedStore();
  const storePorts = [portOf(store.restUrl), portOf(store.grpcUrl)];
  const settleMs = options.storeSettleMs ?? 2000;
  try {
    const client = storeClient(store);
    before.collections = await collectionNames(client);
    const startRssBytes = readMemory(store.pid)?.rssBytes ?? null;
    const startSplit = rssSplit(store.pid);
    const recorder = new SoakRecorder(options.progress ?? silentProgress, () => store.pid);
    const bench = await runBench(config, { store, progress: recorder, signal: options.signal });
    const collections = await collectionNames(client);
    await sleep(settleMs);
    const memory = readMemory(store.pid);
    const endSplit = rssSplit(store.pid);
    const storeFigures = {
      pid: store.pid,
      startRssBytes,
      peakRssBytes: memory?.hwmBytes ?? null,
      endRssBytes: memory?.rssBytes ?? null,
      settleMs,
      startAnonBytes: startSplit?.anonBytes ?? null,
      endAnonBytes: endSplit?.anonBytes ?? null,
      startFileBytes: startSplit?.fileBytes ?? null,
      endFileBytes: endSplit?.fileBytes ?? null,
    };
    return { bench, readings: recorder.readings, collections, storePorts, storeFigures };
  } finally {
    await store.stop();
  }
}

export async function runSoak(config: BenchConfig, options: SoakOptions = {}): Promise<SoakRun> {
  const token = randomBytes(8).toString('hex');
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'rag-bench-soak-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmpDir;
  try {
    const before = snapshot(token, tmpDir, [], []);
    const run = await runWithStore(withToken(config, token), options, before);
    const take = () => snapshot(token, tmpDir, run.storePorts, run.collections);
    const { leaks, after } = await settledDiff(before, take, options.leakSettleMs ?? 5000);
    return { bench: run.bench, readings: run.readings, leaks, snapshots: { before, after }, store: run.storeFigures, tmpDir };
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    try {
      rmdirSync(tmpDir); // only when empty: what a run left stays for the reader
    } catch {
      // not empty: reported as leaked temp entries
    }
  }
}
