import { memoryAnalysis } from '../analysis/memory.js';
import type { BenchConfig } from '../config/types.js';
import { BenchError } from '../errors.js';
import { formatDuration, type ProgressReporter, silentProgress } from '../progress/index.js';
import { createRunDir, newRunId, updateLatestLink } from '../results/index.js';
import { publishRun } from '../results/publish.js';
import { CollectionLifecycle, storeClient } from '../store/collections.js';
import type { MemoryProcess, PipelineSpec, RunSummary, WorkloadSettings } from '../types.js';
import { openStoreOrExplain, prepareSettings, type RunBenchOptions, type RunBenchResult } from './bench.js';
import { jobBaseSummary } from './job-steps.js';
import { type MemoryProcessContext, runMemoryProcess } from './memory-process.js';
import type { RunStore } from './store-guard.js';

type Base = Omit<RunSummary, 'finishedAt' | 'status' | 'memory'>;
/** The run's config with its pipelines split: those that write batch events (run) and the others (reported "not implemented"). */
type MemoryConfig = BenchConfig & { notImplemented: PipelineSpec[] };

function summaryOf(base: Base, config: MemoryConfig, settings: WorkloadSettings, processes: MemoryProcess[], status: RunSummary['status']): RunSummary {
  const m = config.memory!;
  const memory = memoryAnalysis({
    processes,
    pipelines: config.pipelines,
    notImplemented: config.notImplemented,
    repeat: m.repeat,
    files: settings.corpus.files.length,
    bytes: settings.corpus.bytes,
    threads: settings.threads,
    mode: settings.mode,
    warmupFraction: m.warmupFraction,
  });
  return { ...base, finishedAt: new Date().toISOString(), status, memory };
}

/** Time left: the mean length of the finished processes per copy of the corpus, times the copies still to run. */
const timeLeft = (done: MemoryProcess[], left: number) =>
  done.length === 0
    ? 'time left: known once the first process has finished'
    : `time left ~${formatDuration((done.reduce((s, d) => s + d.wallMs, 0) / done.length) * left)}`;

/** Each pipeline's process in turn; returns those that finished (each published as it did). */
async function runProcesses(ctx: MemoryProcessContext, config: MemoryConfig, base: Base): Promise<MemoryProcess[]> {
  const processes: MemoryProcess[] = [];
  for (const [i, pipeline] of config.pipelines.entries()) {
    if (ctx.signal?.aborted) break;
    ctx.progress.message(`memory: ${pipeline.id}, process ${i + 1} of ${config.pipelines.length}; ${timeLeft(processes, config.pipelines.length - i)}`);
    const record = await runMemoryProcess(ctx, pipeline, base.runId);
    if (!record) break;
    processes.push(record);
    const words = record.status === 'ok' ? `${record.batches.length} passes in ${formatDuration(record.wallMs)}` : `FAILED: ${record.failure}`;
    ctx.progress.message(`memory: ${pipeline.id}: ${words}`);
    publishRun(ctx.runDir, summaryOf(base, config, ctx.settings, processes, 'complete'), (m) => ctx.progress.message(m));
    updateLatestLink(config.outDir, base.runId);
  }
  return processes;
}

/** The pipelines of the run that write batch events, and the others; none writing them: exit 2. */
function speakersOf(given: BenchConfig, ids: string[], progress: ProgressReporter): MemoryConfig {
  const speakers = given.pipelines.filter((p) => ids.includes(p.id));
  const notImplemented = given.pipelines.filter((p) => !ids.includes(p.id));
  for (const p of notImplemented) progress.message(`memory: ${p.id} writes no batch events (not in the config's set "memory"): not run`);
  if (speakers.length === 0)
    throw new BenchError(
      `no pipeline of this run writes batch events: the config's set "memory" lists ${ids.length ? ids.join(', ') : 'none'}; this run has ${given.pipelines.map((p) => p.id).join(', ')}`,
      2,
    );
  return { ...given, pipelines: speakers, notImplemented };
}

export async function runMemory(given: BenchConfig, options: RunBenchOptions = {}): Promise<RunBenchResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  const m = given.memory;
  if (!m) throw new BenchError('internal: --workload memory without its settings');
  const corpus = m.quickBytes === null ? given.corpus : { ...given.corpus, budgetBytes: m.quickBytes };
  const config = speakersOf(given, m.speakers, progress);
  const { settings } = await prepareSettings({ ...config, corpus }, progress);
  progress.message(
    `memory: ${settings.corpus.files.length} files (${settings.corpus.bytes} bytes) x ${m.repeat} copies, one process per pipeline (${config.pipelines.map((p) => p.id).join(', ')}), ${settings.threads} threads`,
  );
  if (options.signal?.aborted) throw new BenchError('interrupted before any pipeline ran; nothing to report', 130);
  const store: RunStore = options.store ?? (await openStoreOrExplain());
  const runId = newRunId();
  const runDir = createRunDir(config.outDir, runId);
  const storeFields = { name: store.name, version: store.version, kind: store.kind, url: store.restUrl, grpcUrl: store.grpcUrl };
  // one process per pipeline, no warmup and no order to draw: the plan recorded is one measured pass
  const base = jobBaseSummary('memory', { ...config, warmup: 0, iterations: 1 }, settings, { runId, startedAt, orderSeed: 0 }, storeFields);
  const collections = new CollectionLifecycle(storeClient(store), store);
  const ctx: MemoryProcessContext = {
    runDir,
    settings,
    store,
    collections,
    repeat: m.repeat,
    cwd: config.baseDir,
    timeoutMs: config.timeoutMs,
    sampleIntervalMs: config.sampleIntervalMs,
    signal: options.signal,
    progress,
  };
  let processes: MemoryProcess[] = [];
  try {
    processes = await runProcesses(ctx, config, base);
  } finally {
    if (!options.store) await store.stop().catch(() => {});
  }
  const interrupted = !!options.signal?.aborted;
  if (processes.length === 0 && interrupted) throw new BenchError('interrupted before the first memory process finished; nothing to report', 130);
  const failed = processes.some((p) => p.status === 'failed');
  const summary = summaryOf(base, config, settings, processes, interrupted ? 'interrupted' : failed ? 'failed' : 'complete');
  publishRun(runDir, summary, (m) => progress.message(m));
  updateLatestLink(config.outDir, runId);
  return { runDir, summary, exitCode: interrupted ? 130 : failed ? 1 : 0 };
}
