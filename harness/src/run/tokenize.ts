import { tokenizeAnalysis } from '../analysis/tokenize.js';
import { leaveOutUnbuildable } from '../config/selection.js';
import { DEFAULT_SUBSET_BYTES } from '../config/index.js';
import type { BenchConfig } from '../config/types.js';
import { CorpusError, resolveCorpus } from '../corpus/index.js';
import { BenchError } from '../errors.js';
import { DEFAULT_CORPUS_DIR, DEFAULT_MODEL_DIR } from '../paths.js';
import { formatDuration, silentProgress, type ProgressReporter } from '../progress/index.js';
import { createRunDir, newRunId, updateLatestLink } from '../results/index.js';
import { publishRun } from '../results/publish.js';
import type { TokenizeProcess } from '../tokenize-types.js';
import type { PipelineSpec, RunSummary, WorkloadSettings } from '../types.js';
import type { RunBenchOptions, RunBenchResult } from './bench.js';
import { newOrderSeed, type PlannedIteration, planIterations } from './plan.js';
import { announceProcess, jobBaseSummary, processRecord, processSpawn, runPlannedProcesses, speakersOf } from './job-steps.js';
import { runTokenizeProcess } from './tokenize-process.js';
import { buildWorkload, workloadSettings, writeWorkload } from './workload.js';

const seconds = (ms: number) => (ms >= 60_000 ? formatDuration(ms) : `${(ms / 1000).toFixed(2)} s`);

/** The store fields of the shared workload file shape: present, never contacted (pipelines/README.md, "The tokenize job"). */
const NO_STORE = { restUrl: 'http://127.0.0.1:6333', grpcUrl: 'http://127.0.0.1:6334' };

/** Set-up for the pipelines that speak the job; those it cannot build are left out with its reason. */
async function prepare(config: BenchConfig, speakers: PipelineSpec[]): Promise<{ config: BenchConfig; settings: WorkloadSettings }> {
  let chosen = { ...config, pipelines: speakers };
  let modelDir = config.modelDir;
  let corpusDir = config.corpus.dir;
  if (config.setup) {
    const { ensureSetup } = await import('../setup/index.js');
    try {
      const setup = await ensureSetup({ pipelineIds: speakers.map((p) => p.id), modelDir: modelDir ?? undefined, corpusDir: corpusDir ?? undefined });
      modelDir ??= setup.modelDir;
      corpusDir ??= setup.defaultCorpusDir;
      chosen = leaveOutUnbuildable(chosen, setup.unbuildable);
    } catch (err) {
      if (err instanceof BenchError) throw err;
      throw new BenchError(`set-up failed: ${(err as Error).message}`);
    }
  }
  modelDir ??= DEFAULT_MODEL_DIR;
  corpusDir ??= DEFAULT_CORPUS_DIR;
  // The grown corpus repeats the default subset (600 KB), not the quick one: 5 small files (12 KB)
  // repeated 4,000 times would measure a handful of texts; --quick shrinks the target size instead.
  const quick = config.corpus.subset === 'quick';
  let corpus: WorkloadSettings['corpus'];
  try {
    corpus = resolveCorpus(
      corpusDir,
      config.corpus.globs,
      quick ? 'default' : config.corpus.subset,
      quick ? DEFAULT_SUBSET_BYTES.default : config.corpus.budgetBytes,
    );
  } catch (err) {
    if (err instanceof CorpusError) throw new BenchError(err.message, 2);
    throw err;
  }
  const settings = workloadSettings(config, corpus, modelDir, 'full');
  return { config: chosen, settings };
}

function summaryOf(
  base: Omit<RunSummary, 'finishedAt' | 'status' | 'tokenize'>,
  processes: TokenizeProcess[],
  config: BenchConfig,
  notImplemented: PipelineSpec[],
  status: RunSummary['status'],
): RunSummary {
  const tokenize = tokenizeAnalysis({
    processes,
    pipelines: config.pipelines,
    notImplemented,
    targetBytes: config.tokenize!.targetBytes,
    threads: config.threads,
    embedBatchSize: config.embedBatchSize,
  });
  return { ...base, finishedAt: new Date().toISOString(), status, tokenize };
}

/** The store fields of a tokenize run's summary: it opens none. */
const NO_STORE_SUMMARY: RunSummary['store'] = { name: 'none (the tokenize job uses no store)', version: '', kind: 'embedded', url: '', grpcUrl: '' };

interface RunContext {
  config: BenchConfig;
  settings: WorkloadSettings;
  runDir: string;
  targetBytes: number;
  timeoutMs: number;
  options: RunBenchOptions;
  progress: ProgressReporter;
}

/** One planned process: its workload file, the process, its record (null when Ctrl-C stopped it: unfinished, not recorded). */
async function runOne(ctx: RunContext, item: PlannedIteration, i: number, plan: PlannedIteration[], done: TokenizeProcess[]): Promise<TokenizeProcess | null> {
  const { config, progress } = ctx;
  const { spawn, stderrFile } = processSpawn(ctx, item, `${item.pipeline.id}-${item.index}`, ctx.timeoutMs);
  writeWorkload(spawn.workloadPath, {
    ...buildWorkload(ctx.settings, NO_STORE, 'tokenize-unused'),
    job: 'tokenize',
    tokenize: { target_bytes: ctx.targetBytes },
  });
  announceProcess(progress, 'tokenize', config, plan, i, done);
  const record = processRecord(await runTokenizeProcess(spawn), item, stderrFile);
  if (!record) return null;
  const passes =
    record.status === 'ok'
      ? `batched ${seconds(record.passMs.batched!)}, one at a time ${seconds(record.passMs.single!)}`
      : `FAILED: ${record.failure?.message}`;
  progress.message(`tokenize: ${item.pipeline.id} run ${item.index + 1}: ${passes}`);
  return record;
}

export async function runTokenize(given: BenchConfig, options: RunBenchOptions = {}): Promise<RunBenchResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  const job = given.tokenize;
  if (!job) throw new BenchError('internal: --workload tokenize without its settings');
  const { speakers, notImplemented } = speakersOf(given, 'tokenize', job.speakers, progress);
  const { config, settings } = await prepare(given, speakers);
  progress.message(
    `tokenize: ${settings.corpus.files.length} files (${settings.corpus.bytes} bytes) grown to ${job.targetBytes} bytes, ${config.warmup} warmup + ${config.iterations} measured runs per pipeline, ${config.threads} threads`,
  );
  if (options.signal?.aborted) throw new BenchError('interrupted before any pipeline ran; nothing to report', 130);

  const runId = newRunId();
  const runDir = createRunDir(config.outDir, runId);
  const orderSeed = config.orderSeed ?? newOrderSeed();
  const plan = planIterations(config.pipelines, config.warmup, config.iterations, orderSeed);
  const base = jobBaseSummary('tokenize', config, settings, { runId, startedAt, orderSeed }, NO_STORE_SUMMARY);
  const ctx: RunContext = { config, settings, runDir, targetBytes: job.targetBytes, timeoutMs: job.timeoutMs, options, progress };
  const processes = await runPlannedProcesses<TokenizeProcess>(
    plan,
    options.signal,
    (item, i, done) => runOne(ctx, item, i, plan, done),
    (done) => {
      // rewritten after every process, so Ctrl-C keeps every finished run
      publishRun(runDir, summaryOf(base, done, config, notImplemented, 'complete'), (m) => progress.message(m));
      updateLatestLink(config.outDir, runId);
    },
  );
  const interrupted = !!options.signal?.aborted;
  if (processes.length === 0 && interrupted) throw new BenchError('interrupted before the first tokenize run finished; nothing to report', 130);
  const failed = processes.some((p) => p.status === 'failed');
  let summary = summaryOf(base, processes, config, notImplemented, interrupted ? 'interrupted' : failed ? 'failed' : 'complete');
  if (!interrupted && !summary.tokenize!.agreement.passed) summary = { ...summary, status: 'failed' };
  publishRun(runDir, summary, (m) => progress.message(m));
  updateLatestLink(config.outDir, runId);
  const exitCode = interrupted ? 130 : summary.status === 'failed' ? 1 : 0;
  return { runDir, summary, exitCode };
}
