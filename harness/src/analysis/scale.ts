/**
 * The `scale` workload's analysis (issue 16): the index job at several corpus sizes, each a run
 * of its own. Per pipeline, wall(N) = fixed + N x perChunk by least squares over every measured
 * run of every size (N = the run's chunks), with the spread of a stratified bootstrap (runs
 * resampled within each size; stats/scale-fit.ts: no exact coverage, no verdict rests on it);
 * the sizes where two fitted lines cross (the ranking changes there); the measured ranking per
 * size and where it changes; and claim 1 per size (analysis/scale-claim.ts).
 */
import { median, medianInterval } from '../stats/index.js';
import { bootstrapLines, type Line, leastSquaresLine, percentileBounds, rmsResidual } from '../stats/scale-fit.js';
import type { BootstrapEstimate, RunSummary, ScaleAnalysis, ScaleCrossover, ScaleFit, ScalePoint, ScaleRankingChange, ScaleSize } from '../types.js';
import { measuredOk } from './samples.js';
import { CLAIM1_BAND, CLAIM1_RULE, scaleClaims } from './scale-claim.js';

export const RESAMPLES = 2000;

/** One finished size as the run side hands it over. */
export interface FinishedSize {
  label: string;
  budgetBytes: number | null;
  /** Relative to the scale run's directory. */
  runDir: string;
  summary: RunSummary;
}

function sizeOf(f: FinishedSize): ScaleSize {
  const run = f.summary;
  const pipelines = run.pipelines.map((p) => {
    const ok = measuredOk(run.iterations, p.id);
    const chunks = ok.map((it) => it.counts?.chunks ?? 0).filter((c) => c > 0);
    return {
      pipelineId: p.id,
      runs: ok.length,
      wallMs: ok.length ? medianInterval(ok.map((it) => it.wallMs)) : null,
      chunks: chunks.length ? median(chunks) : null,
    };
  });
  const chunks = pipelines.flatMap((p) => (p.chunks === null ? [] : [p.chunks]));
  const ranked = pipelines.filter((p) => p.wallMs !== null).sort((a, b) => a.wallMs!.value - b.wallMs!.value);
  return {
    label: f.label,
    budgetBytes: f.budgetBytes,
    bytes: run.settings.corpus.bytes,
    files: run.settings.corpus.files.length,
    chunks: chunks.length ? median(chunks) : null,
    runDir: f.runDir,
    status: run.status,
    verified: run.equivalence ? run.equivalence.passed : null,
    pipelines,
    ranking: ranked.map((p) => p.pipelineId),
  };
}

function pointsOf(sizes: readonly FinishedSize[]): ScalePoint[] {
  return sizes.flatMap((f, size) =>
    f.summary.iterations
      .filter((it) => it.kind === 'measured' && it.status === 'ok' && (it.counts?.chunks ?? 0) > 0)
      .map((it) => ({ pipelineId: it.pipelineId, size, chunks: it.counts!.chunks, wallMs: it.wallMs })),
  );
}

const estimate = (value: number, refits: number[]): BootstrapEstimate => ({
  value,
  ...percentileBounds(refits),
  method: 'bootstrap-percentile',
  resamples: refits.length,
});

interface Fitted {
  fit: ScaleFit;
  line: Line;
  refits: Line[];
}

function fitPipeline(pipelineId: string, points: readonly ScalePoint[]): Fitted | null {
  const mine = points.filter((p) => p.pipelineId === pipelineId).map((p) => ({ group: p.size, x: p.chunks, y: p.wallMs }));
  const line = leastSquaresLine(mine);
  if (!line) return null;
  // one seed per pipeline, from its id: reproducible, and not the same draws for every pipeline
  const seed = [...pipelineId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0x5eed);
  const refits = bootstrapLines(mine, RESAMPLES, seed);
  const fit: ScaleFit = {
    pipelineId,
    runs: mine.length,
    sizes: new Set(mine.map((p) => p.group)).size,
    fixedMs: estimate(
      line.intercept,
      refits.map((l) => l.intercept),
    ),
    perChunkMs: estimate(
      line.slope,
      refits.map((l) => l.slope),
    ),
    rmsResidualMs: rmsResidual(mine, line),
  };
  return { fit, line, refits };
}

/** Where two lines cross at a positive N; null when parallel or crossing at N <= 0. */
export function crossing(a: Line, b: Line): number | null {
  const n = (a.intercept - b.intercept) / (b.slope - a.slope);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function crossoverOf(a: Fitted, b: Fitted, range: [number, number]): ScaleCrossover {
  const n = crossing(a.line, b.line);
  const count = Math.min(a.refits.length, b.refits.length);
  const refitted: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = crossing(a.refits[i], b.refits[i]);
    if (c !== null) refitted.push(c);
  }
  // below the crossing (or everywhere, without one) the smaller fixed cost wins
  const fasterBelow = a.line.intercept <= b.line.intercept ? a.fit.pipelineId : b.fit.pipelineId;
  const fasterBeyond = n === null ? fasterBelow : fasterBelow === a.fit.pipelineId ? b.fit.pipelineId : a.fit.pipelineId;
  return {
    a: a.fit.pipelineId,
    b: b.fit.pipelineId,
    chunks: n,
    ...percentileBounds(refitted),
    shareOfResamples: count ? refitted.length / count : 0,
    fasterBelow,
    fasterBeyond,
    withinMeasured: n !== null && n >= range[0] && n <= range[1],
  };
}

function rankingChanges(sizes: readonly ScaleSize[]): ScaleRankingChange[] {
  const out: ScaleRankingChange[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const [before, after] = [sizes[i - 1].ranking, sizes[i].ranking];
    if (before.join('|') !== after.join('|')) out.push({ from: sizes[i - 1].label, to: sizes[i].label, before, after });
  }
  return out;
}

export const FIT_METHOD =
  'Per pipeline, end to end = fixed + chunks x per-chunk cost, fitted by least squares to every measured run of every size. ' +
  `The bracketed ranges are a percentile bootstrap: ${RESAMPLES.toLocaleString('en')} refits with the runs resampled within each size, their 2.5th to 97.5th percentiles. ` +
  'The bootstrap has no known coverage at this few runs (harness/src/stats/README.md), so read the range as the spread of the fit, not as a confidence level; no verdict rests on it.';

/** The scale section of a run from its finished sizes (smallest first); null without any. */
export function scaleAnalysis(finished: readonly FinishedSize[], runsPerSize: number, warmupFirstSize: number): ScaleAnalysis | null {
  if (finished.length === 0) return null;
  const sizes = finished.map(sizeOf);
  const points = pointsOf(finished);
  const pipelines = finished[finished.length - 1].summary.pipelines;
  const fitted = pipelines.map((p) => fitPipeline(p.id, points)).filter((f): f is Fitted => f !== null);
  const measured = sizes.flatMap((s) => (s.chunks === null ? [] : [s.chunks]));
  const range: [number, number] = [Math.min(...measured), Math.max(...measured)];
  const crossovers = fitted.flatMap((a, i) => fitted.slice(i + 1).map((b) => crossoverOf(a, b, range)));
  const { claims, alpha, tests } = scaleClaims(
    finished.map((f, i) => ({ label: f.label, chunks: sizes[i].chunks, iterations: f.summary.iterations })),
    pipelines,
  );
  return {
    sizes,
    points,
    fits: fitted.map((f) => f.fit),
    crossovers,
    rankingChanges: rankingChanges(sizes),
    claims,
    alpha,
    tests,
    band: CLAIM1_BAND,
    rule: CLAIM1_RULE,
    fitMethod: FIT_METHOD,
    runsPerSize,
    warmupFirstSize,
  };
}
