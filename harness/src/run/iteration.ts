import path from 'node:path';
import { StoreSampler } from '../measure/store-usage.js';
import type { CollectionCheck, CollectionLifecycle } from '../store/collections.js';
import type { IterationFailure, IterationResult, WorkloadSettings } from '../types.js';
import type { PlannedIteration } from './plan.js';
import type { ProtocolEvent } from './protocol.js';
import { type ProcessOutcome, runPipelineProcess, type SpawnOptions } from './spawn.js';
import { buildWorkload, writeWorkload, type StoreTarget } from './workload.js';

export interface IterationContext {
  runId: string;
  runDir: string;
  settings: WorkloadSettings;
  store: StoreTarget & { pid?: number };
  collections: CollectionLifecycle;
  cwd: string;
  timeoutMs: number;
  sampleIntervalMs: number;
  signal?: AbortSignal;
  onEvent?: (ev: ProtocolEvent) => void;
}

/** The store is sampled this many times less often than the pipeline: its peak moves slowly, and the harness stays light. */
const STORE_SAMPLE_FACTOR = 5;

/** Environment of every pipeline: the same thread count for every pool, and no network for the model hub. */
export function pipelineEnv(threads: number, extra: Record<string, string> = {}): Record<string, string> {
  const t = String(threads);
  return { OMP_NUM_THREADS: t, MKL_NUM_THREADS: t, RAYON_NUM_THREADS: t, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', ...extra };
}

/** The pipeline process of one iteration: its workload file, env, and where its stderr and launcher report go. */
function processOptions(ctx: IterationContext, item: PlannedIteration, workloadPath: string): SpawnOptions {
  const { pipeline } = item;
  const base = `${pipeline.id}-${item.index}`;
  return {
    command: pipeline.command,
    workloadPath,
    cwd: ctx.cwd,
    // a thread-count twin (--workload threads) at its own thread count
    env: pipelineEnv(pipeline.threadCount ?? ctx.settings.threads, pipeline.env),
    timeoutMs: ctx.timeoutMs,
    sampleIntervalMs: ctx.sampleIntervalMs,
    stderrPath: path.join(ctx.runDir, 'logs', `${base}.stderr.log`),
    launcherReportPath: path.join(ctx.runDir, 'logs', `${base}.launcher.json`),
    signal: ctx.signal,
    onEvent: ctx.onEvent,
  };
}

interface StoreOutcome {
  failure: IterationFailure | null;
  check: CollectionCheck;
}

/**
 * After the process: the collection checked (its points must equal what the pipeline reported)
 * and dropped, or kept for the equivalence proof; an interrupted run's collection is only dropped.
 */
async function checkCollection(
  ctx: IterationContext,
  item: PlannedIteration,
  collection: string,
  keep: boolean,
  outcome: ProcessOutcome,
): Promise<StoreOutcome> {
  const pipelineId = item.pipeline.id;
  let failure = outcome.failure;
  let check: CollectionCheck = { storedPoints: null, contentHash: null, writes: null };
  if (outcome.interrupted) {
    await ctx.collections.drop(collection).catch(() => {});
    return { failure, check };
  }
  const counts = outcome.tracker.counts();
  try {
    check = await ctx.collections.afterRun(collection, pipelineId, keep && !failure, item.kind === 'measured' && !failure);
    const storedPoints = check.storedPoints;
    if (!failure && counts && storedPoints !== counts.points) {
      failure = {
        kind: 'verification',
        message: `the collection holds ${storedPoints ?? 'no collection, 0'} points, the pipeline reported ${counts.points}`,
      };
      await ctx.collections.drop(collection);
      if (ctx.collections.kept.get(pipelineId) === collection) ctx.collections.kept.delete(pipelineId);
    }
  } catch (err) {
    failure ??= { kind: 'store', message: (err as Error).message };
  }
  return { failure, check };
}

/**
 * One iteration: a fresh collection, the workload file, the pipeline process measured, then the
 * store checked (stored points must equal what the pipeline reported) and the collection dropped
 * (or kept, for the last measured run, for the equivalence proof).
 */
export async function runIteration(ctx: IterationContext, item: PlannedIteration, collection: string, keepCollection: boolean): Promise<IterationResult> {
  const { pipeline, index, kind } = item;
  const workloadPath = path.join(ctx.runDir, 'workloads', `${pipeline.id}-${index}.json`);
  // a stub-mode twin (--workload overhead) runs in its own mode, a thread-count twin (--workload threads) at its own
  // thread count; every other pipeline in the run's
  const settings = { ...ctx.settings, ...(pipeline.mode ? { mode: pipeline.mode } : {}), ...(pipeline.threadCount ? { threads: pipeline.threadCount } : {}) };
  writeWorkload(workloadPath, buildWorkload(settings, ctx.store, collection));

  const startedAt = new Date().toISOString();
  // Started before the pipeline, so that the store's CPU and RSS before the iteration are known.
  const storeSampler = ctx.store.pid ? new StoreSampler(ctx.store.pid, ctx.sampleIntervalMs * STORE_SAMPLE_FACTOR).start() : null;
  const outcome = await runPipelineProcess(processOptions(ctx, item, workloadPath));
  const storeResources = storeSampler ? storeSampler.stop() : null;
  const { failure, check } = await checkCollection(ctx, item, collection, keepCollection, outcome);

  const { tracker } = outcome;
  const ready = tracker.ready;
  return {
    runId: ctx.runId,
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    index,
    kind,
    status: failure ? 'failed' : 'ok',
    failure,
    startedAt,
    wallMs: outcome.wallMs,
    stages: tracker.stages(),
    overlapped: tracker.done?.overlapped ?? [],
    counts: tracker.counts(),
    storedPoints: check.storedPoints,
    contentHash: check.contentHash,
    writes: check.writes,
    resources: outcome.resources,
    storeResources,
    harnessCpuMs: outcome.harnessCpuMs,
    exitCode: outcome.exitCode,
    pipelineInfo: ready ? { runtime: ready.runtime, libraries: ready.libraries, threads: ready.threads } : null,
  };
}
