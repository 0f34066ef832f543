/**
 * `npm run bench -- --claims`: every workload the claims table needs (claims-plan.ts), one
 * after the other against one store, each a whole run of its own in <run>/parts/. After each
 * part the claims run's summary.json and reports are rewritten (atomically), so Ctrl-C keeps
 * every finished part, and the part it stopped in keeps what it finished (a scale part its
 * finished sizes) in its own directory and in the table, marked interrupted.
 */
import path from 'node:path';
import { withClaims } from '../analysis/claims.js';
import { BenchError } from '../errors.js';
import { formatDuration, type ProgressReporter, silentProgress } from '../progress/index.js';
import { createRunDir, newRunId, updateLatestLink } from '../results/index.js';
import { publishRun } from '../results/publish.js';
import { openStore, type StoreHandle } from '../store/index.js';
import type { ClaimsRunPart, RooflineAnalysis } from '../claims-types.js';
import type { RunSummary } from '../types.js';
import { runBench, type RunBenchOptions, type RunBenchResult } from './bench.js';
import { measureRoofline } from './claims-gemm.js';
import { type ClaimsPart, partSettings } from './claims-plan.js';

export interface ClaimsRunOptions extends RunBenchOptions {
  /** The Python of the roofline's GEMM calibration (default: the Python pipeline's venv). */
  rooflinePython?: string;
}

interface FinishedPart extends ClaimsRunPart {
  summary: RunSummary;
}

/**
 * The claims run's summary: the scale part's (its tables are the largest size's index run) or
 * else the first part's, with every part's own section (overhead, scale) beside it.
 */
export function claimsSummary(
  runId: string,
  startedAt: string,
  parts: readonly FinishedPart[],
  status: RunSummary['status'],
  roofline: RooflineAnalysis | null = null,
): RunSummary {
  const of = (w: string) => parts.find((p) => p.workload === w)?.summary;
  const base = of('scale') ?? parts[0].summary;
  return {
    ...base,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    status,
    overhead: of('overhead')?.overhead ?? null,
    scale: of('scale')?.scale ?? null,
    tokenize: of('tokenize')?.tokenize ?? null,
    query: of('query')?.query ?? null,
    threads: of('threads')?.threads ?? null,
    memory: of('memory')?.memory ?? null,
    claimsRun: parts.map(({ summary: _summary, ...part }) => part),
    roofline,
  };
}

async function openStoreOrExplain(): Promise<StoreHandle> {
  try {
    return await openStore();
  } catch (err) {
    throw new BenchError(`Qdrant is not available: ${(err as Error).message}`);
  }
}

/** One part; null when it was stopped before it had anything to report. */
async function runPart(part: ClaimsPart, runDir: string, first: boolean, store: StoreHandle, options: RunBenchOptions): Promise<RunBenchResult | null> {
  // set-up (cached) once, by the first part; the later ones use what it left in place
  const config = { ...part.config, outDir: path.join(runDir, 'parts'), setup: first && part.config.setup, baselineRun: null };
  try {
    return await runBench(config, { ...options, store });
  } catch (err) {
    if (err instanceof BenchError && err.exitCode === 130) return null;
    throw err;
  }
}

/** The roofline of the run the report's tables come from, after every part (the calibration would disturb them); null when it cannot be measured. */
async function roofOf(parts: readonly FinishedPart[], python: string | undefined, progress: ProgressReporter): Promise<RooflineAnalysis | null> {
  const scale = parts.find((p) => p.workload === 'scale');
  const run = scale?.summary ?? parts[0].summary;
  if (run.settings.mode !== 'full') return null;
  const source = scale ? `the scale part's largest size (${run.settings.corpus.files.length} files)` : `the ${parts[0].workload} part's full-mode runs`;
  progress.message('roofline: calibrating the fp32 GEMM peak (about 10 s)');
  try {
    return await measureRoofline(run, source, python);
  } catch (err) {
    progress.message(`roofline: not measured: ${(err as Error).message}`);
    return null;
  }
}

/** One claims run; throws BenchError when it cannot start or no part had anything to report. */
export async function runClaims(parts: readonly ClaimsPart[], options: ClaimsRunOptions = {}): Promise<RunBenchResult> {
  const progress = options.progress ?? silentProgress;
  const startedAt = new Date().toISOString();
  if (options.signal?.aborted) throw new BenchError('interrupted before any pipeline ran; nothing to report', 130);
  const store = options.store ?? (await openStoreOrExplain());
  const outDir = parts[0].config.outDir;
  const runId = newRunId();
  const runDir = createRunDir(outDir, runId);
  const finished: FinishedPart[] = [];
  const t0 = Date.now();
  let exitCode = 0;
  try {
    for (const [i, part] of parts.entries()) {
      if (options.signal?.aborted) break;
      progress.message(`claims: part ${i + 1}/${parts.length}, --workload ${part.workload} (${formatDuration(Date.now() - t0)} so far)`);
      const tPart = Date.now();
      const result = await runPart(part, runDir, i === 0, store, options);
      if (!result) break;
      exitCode = Math.max(exitCode, result.exitCode === 130 ? 0 : result.exitCode);
      const status = result.summary.status;
      const settings = partSettings(part);
      finished.push({
        workload: part.workload,
        runDir: path.relative(runDir, result.runDir),
        status,
        ms: Date.now() - tPart,
        settings,
        summary: result.summary,
      });
      publishRun(runDir, claimsSummary(runId, startedAt, finished, 'complete'), (m) => progress.message(m));
      updateLatestLink(outDir, runId);
      progress.message(`claims: --workload ${part.workload} ${status} in ${formatDuration(Date.now() - tPart)}; written to ${runDir}`);
      if (status === 'interrupted') break;
    }
  } finally {
    if (!options.store) await store.stop().catch(() => {});
  }
  if (finished.length === 0)
    throw new BenchError(`interrupted before the first part had anything to report; what ran is in ${path.join(runDir, 'parts')}`, 130);
  const interrupted = !!options.signal?.aborted;
  const failed = finished.some((f) => f.status === 'failed');
  const roofline = interrupted ? null : await roofOf(finished, options.rooflinePython, progress);
  const summary = claimsSummary(runId, startedAt, finished, interrupted ? 'interrupted' : failed ? 'failed' : 'complete', roofline);
  publishRun(runDir, summary, (m) => progress.message(m));
  return { runDir, summary: withClaims(summary), exitCode: interrupted ? 130 : exitCode };
}
