/**
 * A straight line y = intercept + slope x by ordinary least squares, and its spread by a
 * stratified bootstrap: the runs are resampled with replacement within each group (a corpus
 * size), so every refit sees every size with as many runs as measured, and the line is refitted.
 * The percentile interval of the refits has NO known coverage at a bench's few runs (this
 * README: the bootstrap under-covered at n <= 5), so callers show it as the fit's spread and
 * rest no verdict on it. Seeded (random.ts): the same runs give the same refits everywhere.
 */
import { quantileSorted, sortedCopy } from './descriptive.js';
import { DEFAULT_SEED, seededRandom } from './random.js';

export interface Line {
  intercept: number;
  slope: number;
}

export interface LinePoint {
  /** The stratum the bootstrap resamples within (a corpus size). */
  group: number;
  x: number;
  y: number;
}

/** Least squares over the points; null when x takes fewer than two distinct values (no line is determined). */
export function leastSquaresLine(points: readonly { x: number; y: number }[]): Line | null {
  const n = points.length;
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const [mx, my] = [sx / n, sy / n];
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  // relative test: x are chunk counts, equal within a size
  if (sxx <= 1e-12 * Math.max(1, mx * mx)) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Root mean square of the residuals of a line. */
export function rmsResidual(points: readonly { x: number; y: number }[], line: Line): number {
  if (points.length === 0) return Number.NaN;
  let s = 0;
  for (const p of points) s += (p.y - line.intercept - line.slope * p.x) ** 2;
  return Math.sqrt(s / points.length);
}

/** `resamples` refits of the line, the points resampled with replacement within each group; refits with no line are left out. */
export function bootstrapLines(points: readonly LinePoint[], resamples: number, seed = DEFAULT_SEED): Line[] {
  const groups = new Map<number, LinePoint[]>();
  for (const p of points) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  const random = seededRandom(seed);
  const lines: Line[] = [];
  const sample: LinePoint[] = [];
  for (let r = 0; r < resamples; r++) {
    sample.length = 0;
    for (const g of groups.values()) for (let i = 0; i < g.length; i++) sample.push(g[Math.floor(random() * g.length)]);
    const line = leastSquaresLine(sample);
    if (line) lines.push(line);
  }
  return lines;
}

/** The 2.5th and 97.5th percentiles of some values (NaN for none): the middle of the refits, not a confidence level. */
export function percentileBounds(values: readonly number[]): { low: number; high: number } {
  const finite = sortedCopy(values.filter(Number.isFinite));
  if (finite.length === 0) return { low: Number.NaN, high: Number.NaN };
  return { low: quantileSorted(finite, 0.025), high: quantileSorted(finite, 0.975) };
}
