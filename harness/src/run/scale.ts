/**
 * The `scale` workload's run side: the index job at each corpus size, smallest first, each a
 * whole bench run of its own (runBench: its interleaved plan, its proof, its reports) in
 * <run>/sizes/, all against one store. After each size the scale run's summary.json and
 * reports are rewritten (atomically), so Ctrl-C keeps every finished size; the size it stopped
 * in keeps its finished iterations in its own directory but stays out of the fit.
 */
import path from 'node:path';
import { type FinishedSize, scaleAnalysis } from '../analysis/scale.js';
import { DEFAULT_SCALE_SIZES } from '../config/scale-sizes.js';
import { leaveOutUnbuildable } from '../config/selection.js';
import type { BenchConfig } from '../config/types.js';
import { BenchError } from '../errors.js';
import { formatDuration, type ProgressReporter, silentProgress } from '../progress/index.js';
import { createRunDir, newRunId, updateLatestLink } from '../results/index.js';
import { publishRun } from '../results/publish.js';
import { openStore, type StoreHandle } from '../store/index.js';
import type { RunSummary } from '../types.js';
import { runBench, type RunBenchOptions, type RunBenchResult } from './bench.js';
import { estimateLeftMs, type PlannedSize, planSizes, scaleCorpusDir } from './scale-sizes.js';

/** Set-up once for every size (it is cached, but the sizes need not each ask); the unbuildable pipelines are left out. */
async function setUpOnce(config: BenchConfig): Promise<BenchConfig> {
  if (!config.setup) return config;
  const { ensureSetup } = await import('../setup/index.js');
  let setup: Awaited<ReturnType<typeof ensureSetup>>;
  try {
    setup = await ensureSetup({
      pipelineIds: config.pipelines.map((p) => p.id),
      modelDir: config.modelDir ?? undefined,
      corpusDir: config.corpus.dir ?? undefined,
    });
  } catch (err) {
    throw new BenchError(`set-up failed: ${(err as Error).message}`);
  }
  const chosen = leaveOutUnbuildable(config, setup.unbuildable);
  return {
    ...chosen,
    setup: false,
    modelDir: config.modelDir ?? setup.modelDir,
    corpus: { ...config.corpus, dir: config.corpus.dir ?? setup.defaultCorpusDir },
  };
}

/** The scale run's summary: the largest finished size's run (its tables stay those of an index run) plus the scale section. */
function scaleSummary(runId: string, startedAt: string, finished: FinishedSize[], config: BenchConfig, status: RunSummary['status']): RunSummary {
  const largest = finished[finished.length - 1].summary;
  return {
    ...largest,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    status,
    iterationsPlanned: { ...largest.iterationsPlanned, warmup: config.warmup, measured: config.iterations },
    workload: 'scale',
    scale: scaleAnalysis(finished, config.iterations, config.warmup),
  };
}

function announce(progress: ProgressReporter, sizes: PlannedSize[], i: number, done: Array<{ bytes: number; ms: number }>): void {
  const s = sizes[i];
  const left = estimateLeftMs(done, sizes.slice(i));
  const eta = left === null ? 'time left: known after two sizes' : `time left ~${formatDuration(left)} (a line through the finished sizes' times)`;
  progress.message(`scale: size ${i + 1}/${sizes.length}, ${s.label}: ${s.files} files, ${s.bytes} bytes; ${eta}`);
}

async function openStoreOrExplain(): Promise<StoreHandle> {
  try {
    return await openStore();
  } catch (err) {
    throw new BenchError(`Qdrant is not available: ${(err as Error).message}`);
  }
}

/** One scale run; throws BenchError when it cannot start or nothing finished. */
export async function runScale(config: BenchConfig, options: RunBenchOptions = {}): Promise<RunBenchResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  const chosen = await setUpOnce(config);
  const corpusDir = scaleCorpusDir(chosen);
  const { sizes, notes } = planSizes(chosen, chosen.scaleSizes ?? DEFAULT_SCALE_SIZES, corpusDir);
  for (const n of notes) progress.message(n);
  if (options.signal?.aborted) throw new BenchError('interrupted before any pipeline ran; nothing to report', 130);
  const store = options.store ?? (await openStoreOrExplain());
  const runId = newRunId();
  const runDir = createRunDir(chosen.outDir, runId);
  const finished: FinishedSize[] = [];
  const done: Array<{ bytes: number; ms: number }> = [];
  let exitCode = 0;
  try {
    for (const [i, size] of sizes.entries()) {
      if (options.signal?.aborted) break;
      announce(progress, sizes, i, done);
      const t0 = Date.now();
      const sizeConfig: BenchConfig = {
        ...chosen,
        workload: 'index',
        corpus: { ...chosen.corpus, dir: corpusDir, budgetBytes: size.budgetBytes },
        // the first size's warmup warms the model files and binaries for all; later sizes start measured
        warmup: i === 0 ? chosen.warmup : 0,
        outDir: path.join(runDir, 'sizes'),
        baselineRun: null,
      };
      const result = await runBench(sizeConfig, { progress, signal: options.signal, store });
      if (result.summary.status === 'interrupted') break; // unfinished: kept in its own directory, out of the fit
      exitCode = Math.max(exitCode, result.exitCode);
      done.push({ bytes: size.bytes, ms: Date.now() - t0 });
      finished.push({ label: size.label, budgetBytes: size.budgetBytes, runDir: path.relative(runDir, result.runDir), summary: result.summary });
      publishRun(runDir, scaleSummary(runId, startedAt, finished, chosen, 'complete'), (m) => progress.message(m));
      updateLatestLink(chosen.outDir, runId);
      progress.message(`scale: size ${size.label} done in ${formatDuration(Date.now() - t0)}; written to ${runDir}`);
    }
  } catch (err) {
    if (!(err instanceof BenchError && err.exitCode === 130)) throw err;
  } finally {
    if (!options.store) await store.stop().catch(() => {});
  }
  const interrupted = !!options.signal?.aborted;
  if (finished.length === 0)
    throw new BenchError(`interrupted before the first size finished; its finished iterations are in ${path.join(runDir, 'sizes')}`, 130);
  const failed = finished.some((f) => f.summary.status === 'failed');
  const summary = scaleSummary(runId, startedAt, finished, chosen, interrupted ? 'interrupted' : failed ? 'failed' : 'complete');
  publishRun(runDir, summary, (m) => progress.message(m));
  return { runDir, summary, exitCode: interrupted ? 130 : exitCode };
}
