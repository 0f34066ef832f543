/**
 * The trend of a memory series over a soak: the least-squares slope of y (bytes) on the
 * iteration number, with a 95% interval from a Newey-West (HAC) standard error
 * (stats/trend.ts, shared with the memory workload). Pure: no I/O.
 */
import { trendFit } from '../stats/trend.js';

export { neweyWestLag, normalQuantile, tQuantile } from '../stats/trend.js';

export interface SlopeFit {
  /** Points fitted (after the skipped start). */
  n: number;
  /** Iterations left out at the start (the run settling: caches, JIT, allocator arenas). */
  skipped: number;
  /** KiB per iteration, with its interval. */
  slopeKiB: number;
  ciLowKiB: number;
  ciHighKiB: number;
  level: number;
  /** Autocovariance lags in the Newey-West sum. */
  lag: number;
  method: 'ols-newey-west';
  /** First and last fitted value (bytes), for the reader's scale. */
  firstBytes: number;
  lastBytes: number;
}

/**
 * Fits bytes[i] (the reading after iteration i + 1) from index `skip` on. Null when fewer than 5
 * points are left: a slope and its interval need at least 3 degrees of freedom.
 */
export function fitSlope(bytes: readonly number[], skip: number, level = 0.95): SlopeFit | null {
  const points = bytes.slice(skip).map((y, i) => ({ x: skip + i + 1, y }));
  const fit = trendFit(points, level);
  if (!fit) return null;
  return {
    n: fit.n,
    skipped: skip,
    slopeKiB: fit.slope / 1024,
    ciLowKiB: fit.low / 1024,
    ciHighKiB: fit.high / 1024,
    level,
    lag: fit.lag,
    method: 'ols-newey-west',
    firstBytes: points[0].y,
    lastBytes: points[fit.n - 1].y,
  };
}

/**
 * Flat within noise: the interval reaches 0 or below (no growth shown; a shrinking series is no
 * leak), or its upper end is under the bound (growth too small to matter over the run).
 */
export function isFlat(fit: SlopeFit, boundKiB: number): boolean {
  return fit.ciLowKiB <= 0 || fit.ciHighKiB < boundKiB;
}
