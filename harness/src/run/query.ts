/**
 * The `query` workload's run side (claim 4): the corpus indexed once into one collection
 * (query-index.ts), then, in the interleaved and shuffled rounds of an index run, every pipeline
 * that speaks the job (the config's set "query") answers the texts at each concurrency level
 * against that collection. After every process the summary and reports are rewritten
 * (atomically), so Ctrl-C keeps every finished run; the collection is dropped at the end and on
 * Ctrl-C.
 */
import os from 'node:os';
import { queryAnalysis } from '../analysis/query.js';
import { DEFAULT_SUBSET_BYTES } from '../config/index.js';
import { leaveOutUnbuildable } from '../config/selection.js';
import type { BenchConfig } from '../config/types.js';
import { BenchError } from '../errors.js';
import { type ProgressReporter, silentProgress } from '../progress/index.js';
import type { QueryIndexRecord, QueryProcess } from '../query-types.js';
import { createRunDir, newRunId, updateLatestLink } from '../results/index.js';
import { CollectionLifecycle, storeClient } from '../store/collections.js';
import { openStore } from '../store/index.js';
import type { PipelineSpec, RunSummary } from '../types.js';
import { prepareSettings, type RunBenchOptions, type RunBenchResult } from './bench.js';
import { newOrderSeed, planIterations } from './plan.js';
import { indexForQueries } from './query-index.js';
import { jobBaseSummary, runPlannedProcesses, speakersOf } from './job-steps.js';
import { publishQuery, type QueryRunContext, runQueryOne } from './query-steps.js';
import type { RunStore } from './store-guard.js';

async function openStoreOrExplain(): Promise<RunStore> {
  try {
    return await openStore();
  } catch (err) {
    throw new BenchError(`Qdrant is not available: ${(err as Error).message}`);
  }
}

type Base = Omit<RunSummary, 'finishedAt' | 'status' | 'query'>;

function summaryOf(base: Base, ctx: QueryRunContext, index: QueryIndexRecord | null, processes: QueryProcess[], status: RunSummary['status']): RunSummary {
  const q = ctx.config.query!;
  const query = queryAnalysis({
    processes,
    pipelines: ctx.config.pipelines,
    notImplemented: ctx.notImplemented,
    texts: q.texts,
    topK: q.topK,
    concurrency: q.concurrency,
    passes: q.passes,
    threads: ctx.config.threads,
    cores: os.availableParallelism(),
    index,
  });
  return { ...base, finishedAt: new Date().toISOString(), status, query };
}

/** Set-up for the speakers and the indexer; the settings; the indexer's spec (it may be a pipeline the run does not query). */
async function prepare(given: BenchConfig, speakers: PipelineSpec[], progress: ProgressReporter) {
  const indexer = given.query!.indexer ?? speakers[0];
  const toSetUp = speakers.some((p) => p.id === indexer.id) ? speakers : [indexer, ...speakers];
  // --quick shortens the runs, not the collection: the quick subset (5 small files, about 20 chunks)
  // would leave top 10 half the collection; the default subset (600 KB, about 750 chunks) is searched
  const corpus = given.corpus.subset === 'quick' ? { ...given.corpus, subset: 'default' as const, budgetBytes: DEFAULT_SUBSET_BYTES.default } : given.corpus;
  const { settings, unbuildable } = await prepareSettings({ ...given, corpus, pipelines: toSetUp }, progress);
  if (unbuildable.some((u) => u.id === indexer.id))
    throw new BenchError(`query: the indexer ${indexer.id} cannot be built here, so no collection can be filled`);
  const config = leaveOutUnbuildable(
    { ...given, pipelines: speakers },
    unbuildable.filter((u) => u.id !== indexer.id),
  );
  return { config, settings, indexer };
}

/** The query run's loop over its planned processes; returns them (each recorded as it finished). */
async function runProcesses(ctx: QueryRunContext, base: Base, index: QueryIndexRecord, orderSeed: number): Promise<QueryProcess[]> {
  const { config } = ctx;
  const plan = planIterations(config.pipelines, config.warmup, config.iterations, orderSeed);
  return runPlannedProcesses<QueryProcess>(
    plan,
    ctx.options.signal,
    (item, i, done) => runQueryOne(ctx, item, i, plan, done),
    (done) => {
      publishQuery(ctx, summaryOf(base, ctx, index, done, 'complete'));
      updateLatestLink(config.outDir, base.runId);
    },
  );
}

export async function runQuery(given: BenchConfig, options: RunBenchOptions = {}): Promise<RunBenchResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  if (!given.query) throw new BenchError('internal: --workload query without its settings');
  const { speakers, notImplemented } = speakersOf(given, 'query', given.query!.speakers, progress);
  const { config, settings, indexer } = await prepare(given, speakers, progress);
  if (options.signal?.aborted) throw new BenchError('interrupted before any pipeline ran; nothing to report', 130);
  const store: RunStore = options.store ?? (await openStoreOrExplain());
  const runId = newRunId();
  const runDir = createRunDir(config.outDir, runId);
  const orderSeed = config.orderSeed ?? newOrderSeed();
  const storeFields = { name: store.name, version: store.version, kind: store.kind, url: store.restUrl, grpcUrl: store.grpcUrl };
  const base = jobBaseSummary('query', config, settings, { runId, startedAt, orderSeed }, storeFields);
  const ctx: QueryRunContext = { config, settings, runDir, store, notImplemented, options, progress, collection: '' };
  const collections = new CollectionLifecycle(storeClient(store), store);
  let processes: QueryProcess[] = [];
  let index: QueryIndexRecord | null = null;
  try {
    const common = { runId, runDir, settings, store, collections, cwd: config.baseDir, timeoutMs: config.timeoutMs, signal: options.signal, progress };
    index = await indexForQueries({ ...common, sampleIntervalMs: config.sampleIntervalMs }, indexer);
    ctx.collection = index.collection;
    processes = await runProcesses(ctx, base, index, orderSeed);
  } finally {
    await collections.dropKept().catch(() => {});
    if (!options.store) await store.stop().catch(() => {});
  }
  const interrupted = !!options.signal?.aborted;
  if (processes.length === 0 && interrupted) throw new BenchError('interrupted before the first query run finished; nothing to report', 130);
  const failed = processes.some((p) => p.status === 'failed');
  let summary = summaryOf(base, ctx, index, processes, interrupted ? 'interrupted' : failed ? 'failed' : 'complete');
  if (!interrupted && !summary.query!.agreement.passed) summary = { ...summary, status: 'failed' };
  publishQuery(ctx, summary);
  updateLatestLink(config.outDir, runId);
  return { runDir, summary, exitCode: interrupted ? 130 : summary.status === 'failed' ? 1 : 0 };
}
