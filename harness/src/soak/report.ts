/** A soak's figures (run.ts) made into its report: the slopes fitted, the checks judged. Pure. */
import { exitCodeOf, leakCheck, runCheck, slopeCheck, storeCheck } from './checks.js';
import type { SoakRun } from './run.js';
import { fitSlope, type SlopeFit } from './slope.js';
import type { SoakReport } from './types.js';

export interface ReportParams {
  command: string;
  startedAt: string;
  /** Rounds (iterations per pipeline) left out at the start of the slope. */
  skipRounds: number;
  boundKiB: number;
  /** The store's target: end RSS within this fraction of its start. */
  storeTargetFraction?: number;
}

type Reading = SoakRun['readings'][number];
const seriesOf = (run: SoakRun, pick: (r: Reading) => number | null) => run.readings.map(pick).filter((v): v is number => v !== null);

/** The harness's slopes: its RSS (the exit check), and as diagnostics the V8 heap in use, the pages V8 holds for it, and the RSS outside them. */
function harnessFigures(run: SoakRun, rss: SlopeFit | null, skip: number, boundKiB: number, iterations: readonly unknown[]): SoakReport['harness'] {
  const jsonBytes = iterations.reduce((acc: number, i) => acc + JSON.stringify(i).length, 0);
  return {
    rss,
    heapUsed: fitSlope(
      seriesOf(run, (r) => r.harnessHeapUsedBytes),
      skip,
    ),
    heapCommitted: fitSlope(
      seriesOf(run, (r) => r.harnessHeapCommittedBytes),
      skip,
    ),
    outsideHeap: fitSlope(
      seriesOf(run, (r) => r.harnessRssBytes - r.harnessHeapCommittedBytes),
      skip,
    ),
    boundKiB,
    resultJsonBytesPerIteration: iterations.length ? Math.round(jsonBytes / iterations.length) : 0,
  };
}

export function buildReport(run: SoakRun, p: ReportParams): { report: SoakReport; exitCode: number } {
  const { summary, runDir, exitCode: runExitCode } = run.bench;
  const pipelines = summary.pipelines.map((x) => x.id);
  const skip = p.skipRounds * pipelines.length;
  const series = (pick: (r: Reading) => number | null) => seriesOf(run, pick);
  const storeSeries = series((r) => r.storeRssBytes);
  const start = run.store.startRssBytes;
  const end = run.store.endRssBytes;
  const store = {
    ...run.store,
    afterFirstRssBytes: run.readings[0]?.storeRssBytes ?? null,
    endVsStart: start && end !== null ? (end - start) / start : null,
    targetFraction: p.storeTargetFraction ?? 0.1,
    rss: storeSeries.length === run.readings.length ? fitSlope(storeSeries, skip) : null,
  };
  const rss = fitSlope(
    series((r) => r.harnessRssBytes),
    skip,
  );
  const failed = summary.iterations.filter((i) => i.status === 'failed').length;
  const checks = [slopeCheck(rss, p.boundKiB), ...run.leaks.map(leakCheck), runCheck(run.readings.length, failed, runExitCode), storeCheck(store)];
  const report: SoakReport = {
    kind: 'soak',
    version: 1,
    runId: summary.runId,
    runDir,
    startedAt: p.startedAt,
    finishedAt: new Date().toISOString(),
    command: p.command,
    pipelines,
    warmupPerPipeline: summary.iterationsPlanned.warmup,
    iterationsPerPipeline: summary.iterationsPlanned.measured,
    iterationsRun: run.readings.length,
    failedIterations: failed,
    runExitCode,
    harness: harnessFigures(run, rss, skip, p.boundKiB, summary.iterations),
    store,
    leaks: run.leaks,
    snapshots: run.snapshots,
    tmpDir: run.tmpDir,
    checks,
    readings: run.readings,
  };
  return { report, exitCode: exitCodeOf(checks) };
}
