/**
 * The query workload's collection: the run's corpus indexed ONCE, by one pipeline's index job
 * (the config's `query.indexer`, else the run's first pipeline that speaks the query job), kept
 * for every query process of the run and dropped at its end (also on Ctrl-C, by the caller's
 * `finally`). The iteration is measured and checked as any index iteration (its stored points
 * must equal what the pipeline reported) and written to iterations.jsonl.
 */
import { BenchError } from '../errors.js';
import type { ProgressReporter } from '../progress/index.js';
import { appendIteration } from '../results/index.js';
import type { CollectionLifecycle } from '../store/collections.js';
import type { QueryIndexRecord } from '../query-types.js';
import type { PipelineSpec, WorkloadSettings } from '../types.js';
import { runIteration } from './iteration.js';
import type { RunStore } from './store-guard.js';

export interface QueryIndexContext {
  runId: string;
  runDir: string;
  settings: WorkloadSettings;
  store: RunStore;
  collections: CollectionLifecycle;
  cwd: string;
  timeoutMs: number;
  sampleIntervalMs: number;
  signal?: AbortSignal;
  progress: ProgressReporter;
}

/** The collection's name: one per run. */
export const queryCollection = (runId: string) => `bench_${runId}_query`.replace(/[^A-Za-z0-9_-]/g, '_');

/** Indexes the corpus with `indexer`; throws BenchError when it fails (exit 1) or Ctrl-C stops it (130). */
export async function indexForQueries(ctx: QueryIndexContext, indexer: PipelineSpec): Promise<QueryIndexRecord> {
  const collection = queryCollection(ctx.runId);
  ctx.progress.message(`query: indexing the corpus once with ${indexer.id} into ${collection}`);
  const result = await runIteration(
    { ...ctx, onEvent: (ev) => (ev.event === 'start' ? ctx.progress.stage(ev.stage) : undefined) },
    { pipeline: indexer, index: 0, kind: 'first' },
    collection,
    true,
  );
  if (ctx.signal?.aborted) throw new BenchError('interrupted while indexing the corpus for the queries; nothing to report', 130);
  appendIteration(ctx.runDir, result);
  const record: QueryIndexRecord = {
    pipelineId: indexer.id,
    collection,
    status: result.status,
    failure: result.failure,
    points: result.storedPoints,
    wallMs: result.wallMs,
  };
  if (record.status === 'failed' || !record.points)
    throw new BenchError(
      `query: indexing the corpus with ${indexer.id} failed (${record.failure ? `${record.failure.kind}: ${record.failure.message}` : 'no points stored'}); no query can run`,
    );
  ctx.progress.message(`query: ${record.points} points indexed by ${indexer.id} in ${(record.wallMs / 1000).toFixed(1)} s`);
  return record;
}
