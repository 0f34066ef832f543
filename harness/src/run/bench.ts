import { existsSync } from 'node:fs';
import path from 'node:path';
import { summarize } from '../analysis/summarize.js';
import { leaveOutUnbuildable } from '../config/selection.js';
import type { BenchConfig } from '../config/types.js';
import { CorpusError, resolveCorpus } from '../corpus/index.js';
import { collectEnvironment } from '../environment.js';
import { BenchError } from '../errors.js';
import { DEFAULT_CORPUS_DIR, DEFAULT_MODEL_DIR } from '../paths.js';
import { silentProgress, type ProgressReporter } from '../progress/index.js';
import { createRunDir, newRunId, updateLatestLink, writeJsonAtomic } from '../results/index.js';
import { publishRun } from '../results/publish.js';
import { CollectionLifecycle, storeClient } from '../store/collections.js';
import { openStore, type StoreHandle } from '../store/index.js';
import { SCHEMA_VERSION, type EquivalenceProof, type RunSummary, type WorkloadSettings } from '../types.js';
import { executePlan, type IndexRun } from './index-plan.js';
import { withStubTwins } from './overhead.js';
import { newOrderSeed, planIterations } from './plan.js';
import { type RunStore, StoreGuard } from './store-guard.js';
import { withThreadTwins } from './threads.js';
import { runThreadsQueries } from './threads-query.js';
import { workloadSettings } from './workload.js';

export interface RunBenchOptions {
  progress?: ProgressReporter;
  /** Aborting stops the run: the running pipeline's tree is killed, finished iterations are reported. */
  signal?: AbortSignal;
  /** Use this store instead of opening one (QDRANT_URL or the embedded server). */
  store?: StoreHandle & { pid?: number };
  /** Write the reports (default true). */
  reports?: boolean;
}

export interface RunBenchResult {
  runDir: string;
  summary: RunSummary;
  /** 0 all good; 1 a failed iteration or verification; 130 interrupted. */
  exitCode: number;
}

export { BenchError };

/** Set-up (unless turned off), the workload settings every pipeline gets, and the pipelines set-up could not build. */
export async function prepareSettings(
  config: BenchConfig,
  progress: ProgressReporter,
): Promise<{ settings: WorkloadSettings; unbuildable: Array<{ id: string; message: string }> }> {
  let modelDir = config.modelDir;
  let corpusDir = config.corpus.dir;
  let unbuildable: Array<{ id: string; message: string }> = [];
  if (config.setup) {
    const { ensureSetup } = await import('../setup/index.js');
    try {
      const setup = await ensureSetup({
        pipelineIds: config.pipelines.map((p) => p.id),
        modelDir: config.modelDir ?? undefined,
        corpusDir: config.corpus.dir ?? undefined,
      });
      modelDir ??= setup.modelDir;
      corpusDir ??= setup.defaultCorpusDir;
      unbuildable = setup.unbuildable;
    } catch (err) {
      throw new BenchError(`set-up failed: ${(err as Error).message}`);
    }
  }
  // Without set-up: what an earlier set-up left in place.
  modelDir ??= DEFAULT_MODEL_DIR;
  if (!corpusDir && existsSync(DEFAULT_CORPUS_DIR)) corpusDir = DEFAULT_CORPUS_DIR;
  if (!corpusDir) {
    throw new BenchError(
      'no corpus: the default corpus (Debian python3.11-doc) is not available here; pass one with --corpus DIR (a directory of .txt/.md/.rst files)',
    );
  }
  let corpus: WorkloadSettings['corpus'];
  try {
    corpus = resolveCorpus(corpusDir, config.corpus.globs, config.corpus.subset, config.corpus.budgetBytes);
  } catch (err) {
    if (err instanceof CorpusError) throw new BenchError(err.message, 2);
    throw err;
  }
  progress.message(`corpus: ${corpus.files.length} of ${corpus.totalFiles} files, ${corpus.bytes} bytes (${corpus.subset})`);
  for (const u of unbuildable) progress.message(`left out: ${u.id} is not buildable here: ${u.message}`);
  const settings = workloadSettings(config, corpus, modelDir, config.mode);
  return { settings, unbuildable };
}

/** The store from QDRANT_URL or the embedded server, or a BenchError saying why not. */
export async function openStoreOrExplain(): Promise<RunStore> {
  try {
    return await openStore();
  } catch (err) {
    throw new BenchError(`Qdrant is not available: ${(err as Error).message}`);
  }
}

/** The store the run uses: the one handed in, or one opened for it (then stopped by the run); none once aborted. */
async function storeForRun(options: RunBenchOptions, progress: ProgressReporter): Promise<{ store: RunStore; ownsStore: boolean }> {
  const interruptedBeforeStart = () => new BenchError('interrupted before any pipeline ran; nothing to report', 130);
  if (options.signal?.aborted) throw interruptedBeforeStart();
  const store = options.store ?? (await openStoreOrExplain());
  const ownsStore = !options.store;
  if (options.signal?.aborted) {
    if (ownsStore) await store.stop().catch(() => {});
    throw interruptedBeforeStart();
  }
  progress.message(`store: ${store.name} ${store.version} (${store.kind}) at ${store.restUrl}`);
  return { store, ownsStore };
}

/** The workloads with a run of their own; null for those run here (index, overhead, threads). */
async function runOwnWorkload(chosen: BenchConfig, options: RunBenchOptions): Promise<RunBenchResult | null> {
  switch (chosen.workload) {
    // --workload scale: this job at several corpus sizes, each a run of its own (run/scale.ts)
    case 'scale':
      return (await import('./scale.js')).runScale(chosen, options);
    // --workload tokenize: the tokenizer alone, no store (run/tokenize.ts)
    case 'tokenize':
      return (await import('./tokenize.js')).runTokenize(chosen, options);
    // --workload query: the corpus indexed once, then the retrieval loop at several concurrency levels (run/query.ts)
    case 'query':
      return (await import('./query.js')).runQuery(chosen, options);
    // --workload memory: one process per pipeline indexing the corpus many times over (run/memory.ts)
    case 'memory':
      return (await import('./memory.js')).runMemory(chosen, options);
    default:
      return null;
  }
}

/**
 * The pipelines the plan runs: --workload overhead puts every pipeline beside its stub-mode twin
 * (run/overhead.ts); --workload threads runs every pipeline once per thread count, as twins in
 * the same rounds (run/threads.ts).
 */
function withTwins(selected: BenchConfig, workload: string, threadCounts: number[] | undefined): BenchConfig {
  if (workload === 'overhead') return { ...selected, pipelines: withStubTwins(selected.pipelines) };
  if (workload === 'threads') return { ...selected, pipelines: withThreadTwins(selected.pipelines, threadCounts ?? [1]) };
  return selected;
}

/** The run's summary before analysis: what ran, on what, and how it ended. */
function indexSummary(
  run: IndexRun,
  head: { startedAt: string; orderSeed: number; store: RunStore; workload: RunSummary['workload'] },
  end: { status: RunSummary['status']; equivalence: EquivalenceProof | null },
): RunSummary {
  const { config } = run;
  const { store } = head;
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: run.runId,
    startedAt: head.startedAt,
    finishedAt: new Date().toISOString(),
    status: end.status,
    settings: run.settings,
    iterationsPlanned: { warmup: config.warmup, measured: config.iterations, orderSeed: head.orderSeed },
    pipelines: config.pipelines,
    store: { name: store.name, version: store.version, kind: store.kind, url: store.restUrl, grpcUrl: store.grpcUrl },
    environment: collectEnvironment(config.baseDir),
    iterations: run.iterations,
    summaries: [],
    ratios: [],
    costs: null,
    equivalence: end.equivalence,
    leftOut: config.leftOut,
    matrix: null,
    workload: head.workload,
  };
}

/**
 * One bench run: set-up, store, the interleaved plan of warmup and measured iterations, the
 * equivalence proof, and the reports. Never throws for a pipeline's fault (that iteration fails
 * and the run goes on); throws BenchError when it cannot start at all.
 */
export async function runBench(chosen: BenchConfig, options: RunBenchOptions = {}): Promise<RunBenchResult> {
  const own = await runOwnWorkload(chosen, options);
  if (own) return own;
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  const { settings, unbuildable } = await prepareSettings(chosen, progress);
  const workload = chosen.workload ?? 'index';
  const config = withTwins(leaveOutUnbuildable(chosen, unbuildable), workload, chosen.threadCounts);
  const { store, ownsStore } = await storeForRun(options, progress);

  const runId = newRunId();
  const runDir = createRunDir(config.outDir, runId);
  const client = storeClient(store);
  const collections = new CollectionLifecycle(client, store);
  const guard = new StoreGuard(store, ownsStore);
  const run: IndexRun = { config, settings, runId, runDir, client, collections, guard, progress, signal: options.signal, iterations: [] };
  const orderSeed = config.orderSeed ?? newOrderSeed();
  const plan = planIterations(config.pipelines, config.warmup, config.iterations, orderSeed);
  // --workload threads: the query part (run/threads-query.ts) runs after the plan on the same store, then stops it
  const threads = workload === 'threads';
  const { equivalence, runError } = await executePlan(run, plan, ownsStore && !threads);
  const threadsQuery = threads ? await runThreadsQueries(run, orderSeed, options, { ownsStore, runError }) : undefined;

  const interrupted = !!options.signal?.aborted;
  const status = interrupted ? 'interrupted' : runError ? 'failed' : 'complete';
  const summary = summarize({ ...indexSummary(run, { startedAt, orderSeed, store, workload }, { status, equivalence }), ...(threads ? { threadsQuery } : {}) });
  if (options.reports !== false) publishRun(runDir, summary, (m) => progress.message(m), { baseline: config.baselineRun ?? undefined });
  else writeJsonAtomic(path.join(runDir, 'summary.json'), summary);
  updateLatestLink(config.outDir, runId);

  const anyFailed =
    runError !== null ||
    run.iterations.some((i) => i.status === 'failed') ||
    (equivalence !== null && !equivalence.passed) ||
    !!threadsQuery?.processes.some((p) => p.status === 'failed');
  const exitCode = interrupted ? 130 : anyFailed ? 1 : 0;
  return { runDir, summary, exitCode };
}
