import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { summarize } from '../analysis/summarize.js';
import { leaveOutUnbuildable } from '../config/selection.js';
import type { BenchConfig } from '../config/types.js';
import { CorpusError, resolveCorpus } from '../corpus/index.js';
import { collectEnvironment } from '../environment.js';
import { BenchError } from '../errors.js';
import { DEFAULT_CORPUS_DIR, DEFAULT_MODEL_DIR } from '../paths.js';
import { silentProgress, type ProgressReporter } from '../progress/index.js';
import { appendIteration, createRunDir, newRunId, updateLatestLink, writeJsonAtomic } from '../results/index.js';
import { writeReports } from '../results/publish.js';
import { CollectionLifecycle, collectionName, storeClient } from '../store/collections.js';
import { openStore, type StoreHandle } from '../store/index.js';
import { SCHEMA_VERSION, type EquivalenceProof, type IterationResult, type RunSummary, type StoreInfo, type WorkloadSettings } from '../types.js';
import { MIN_COSINE } from '../verify/vectors.js';
import { runIteration } from './iteration.js';
import { proveByMode, withStubTwins } from './overhead.js';
import { newOrderSeed, planIterations } from './plan.js';
import { StoreGuard } from './store-guard.js';
import { withThreadTwins } from './threads.js';
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

async function sha256File(file: string): Promise<string | null> {
  if (!existsSync(file)) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The model's weights hashed (full mode), once the first round has run. */
async function hashModel(settings: WorkloadSettings): Promise<void> {
  if (settings.mode === 'full' && settings.model.sha256 === null) {
    settings.model.sha256 = await sha256File(path.join(settings.model.dir, 'model.safetensors'));
  }
}

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

async function openStoreOrExplain(): Promise<StoreHandle & { pid?: number }> {
  try {
    return await openStore();
  } catch (err) {
    throw new BenchError(`Qdrant is not available: ${(err as Error).message}`);
  }
}

async function writeAllReports(runDir: string, summary: RunSummary, config: BenchConfig, progress: ProgressReporter): Promise<void> {
  try {
    writeReports(runDir, summary, { baseline: config.baselineRun ?? undefined });
  } catch (err) {
    // The data must survive a renderer's bug: summary.json at least.
    writeJsonAtomic(path.join(runDir, 'summary.json'), summary);
    progress.message(`reports could not be written (${(err as Error).message}); summary.json was`);
  }
}

/** The proof when it could not run: every pipeline it would have covered has a `proof-error` problem. */
function proofThatFailed(pipelineIds: string[], err: unknown): EquivalenceProof {
  const message = `verification could not run: ${(err as Error).message}`;
  return {
    chunkHashes: {},
    chunksEqual: false,
    minCosine: {},
    cosineFloor: MIN_COSINE,
    top10Agree: 0,
    top10Queries: 0,
    passed: false,
    problems: pipelineIds.map((pipelineId) => ({ kind: 'proof-error', pipelineId, message })),
    notes: [],
  };
}

/**
 * One bench run: set-up, store, the interleaved plan of warmup and measured iterations, the
 * equivalence proof, and the reports. Never throws for a pipeline's fault (that iteration fails
 * and the run goes on); throws BenchError when it cannot start at all.
 */
export async function runBench(chosen: BenchConfig, options: RunBenchOptions = {}): Promise<RunBenchResult> {
  // --workload scale: this job at several corpus sizes, each a run of its own (run/scale.ts)
  if (chosen.workload === 'scale') return (await import('./scale.js')).runScale(chosen, options);
  // --workload tokenize: the tokenizer alone, no store (run/tokenize.ts)
  if (chosen.workload === 'tokenize') return (await import('./tokenize.js')).runTokenize(chosen, options);
  // --workload query: the corpus indexed once, then the retrieval loop at several concurrency levels (run/query.ts)
  if (chosen.workload === 'query') return (await import('./query.js')).runQuery(chosen, options);
  // --workload memory: one process per pipeline indexing the corpus many times over (run/memory.ts)
  if (chosen.workload === 'memory') return (await import('./memory.js')).runMemory(chosen, options);
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  const { settings, unbuildable } = await prepareSettings(chosen, progress);
  const selected = leaveOutUnbuildable(chosen, unbuildable);
  const workload = chosen.workload ?? 'index';
  // --workload overhead: every pipeline beside its stub-mode twin (run/overhead.ts)
  // --workload threads: every pipeline once per thread count, as twins in the same rounds (run/threads.ts)
  const config =
    workload === 'overhead'
      ? { ...selected, pipelines: withStubTwins(selected.pipelines) }
      : workload === 'threads'
        ? { ...selected, pipelines: withThreadTwins(selected.pipelines, chosen.threadCounts ?? [1]) }
        : selected;

  const interruptedBeforeStart = () => new BenchError('interrupted before any pipeline ran; nothing to report', 130);
  if (options.signal?.aborted) throw interruptedBeforeStart();
  const store = options.store ?? (await openStoreOrExplain());
  const ownsStore = !options.store;
  if (options.signal?.aborted) {
    if (ownsStore) await store.stop().catch(() => {});
    throw interruptedBeforeStart();
  }
  const storeInfo: StoreInfo = { name: store.name, version: store.version, kind: store.kind, url: store.restUrl, grpcUrl: store.grpcUrl };
  progress.message(`store: ${store.name} ${store.version} (${store.kind}) at ${store.restUrl}`);

  const runId = newRunId();
  const runDir = createRunDir(config.outDir, runId);
  const client = storeClient(store);
  const collections = new CollectionLifecycle(client, store);
  const guard = new StoreGuard(store, ownsStore);
  const iterations: IterationResult[] = [];
  let equivalence: EquivalenceProof | null = null;
  const orderSeed = config.orderSeed ?? newOrderSeed();
  const plan = planIterations(config.pipelines, config.warmup, config.iterations, orderSeed);
  const signal = options.signal;
  let runError: string | null = null;

  try {
    for (const [i, item] of plan.entries()) {
      if (signal?.aborted) break;
      if (item.index > 0) await hashModel(settings);
      progress.iterationStart(item, i + 1, plan.length);
      await collections.waitStoreIdle();
      const collection = collectionName(runId, item.pipeline.id, item.index);
      let result = await runIteration(
        {
          runId,
          runDir,
          settings,
          store: guard.current,
          collections,
          cwd: config.baseDir,
          timeoutMs: config.timeoutMs,
          sampleIntervalMs: config.sampleIntervalMs,
          signal,
          onEvent: (ev) => {
            if (ev.event === 'start') progress.stage(ev.stage);
            if (ev.event === 'progress') progress.stage(ev.stage, `${ev.done}/${ev.total}`);
          },
        },
        item,
        collection,
        item.kind === 'measured',
      );
      const storeDied = await guard.recover();
      if (storeDied) {
        const during = result.failure ? ` (the iteration: ${result.failure.message})` : '';
        result = { ...result, status: 'failed', failure: { kind: 'store', message: `${storeDied}${during}` } };
        await collections.drop(collection).catch(() => {});
      }
      if (signal?.aborted && result.failure?.kind === 'interrupted') break; // unfinished: not recorded
      iterations.push(result);
      appendIteration(runDir, result);
      progress.iterationEnd(result);
    }
    await hashModel(settings);
    if (!signal?.aborted && collections.kept.size > 0) {
      progress.message('verifying: chunk hashes, stored vectors, top-10 answers across pipelines');
      const referenceId = config.pipelines.find((p) => p.reference)?.id ?? config.pipelines[0].id;
      try {
        equivalence = await proveByMode(client, collections.kept, referenceId, config.verifyQueries, iterations, config.pipelines);
      } catch (err) {
        equivalence = proofThatFailed([...collections.kept.keys()], err);
      }
    }
  } catch (err) {
    // The store broke down (or similar): stop, but still report every finished iteration.
    runError = (err as Error).message;
    progress.message(`run stopped: ${runError}`);
  } finally {
    await collections.dropKept().catch(() => {});
    if (ownsStore) await guard.stop().catch(() => {});
  }

  const interrupted = !!signal?.aborted;
  let summary: RunSummary = {
    schemaVersion: SCHEMA_VERSION,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    status: interrupted ? 'interrupted' : runError ? 'failed' : 'complete',
    settings,
    iterationsPlanned: { warmup: config.warmup, measured: config.iterations, orderSeed },
    pipelines: config.pipelines,
    store: storeInfo,
    environment: collectEnvironment(config.baseDir),
    iterations,
    summaries: [],
    ratios: [],
    costs: null,
    equivalence,
    leftOut: config.leftOut,
    matrix: null,
    workload,
  };
  summary = summarize(summary);
  if (options.reports !== false) await writeAllReports(runDir, summary, config, progress);
  else writeJsonAtomic(path.join(runDir, 'summary.json'), summary);
  updateLatestLink(config.outDir, runId);

  const anyFailed = runError !== null || iterations.some((i) => i.status === 'failed') || (equivalence !== null && !equivalence.passed);
  const exitCode = interrupted ? 130 : anyFailed ? 1 : 0;
  return { runDir, summary, exitCode };
}
