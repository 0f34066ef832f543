/**
 * A series' trend: the least-squares slope of y on x with an interval from a Newey-West (HAC)
 * standard error. Successive readings of a memory series are not independent (the allocator
 * and the garbage collector move in steps that last several readings), so the plain OLS
 * standard error would be too narrow; Newey-West weights the residuals' autocovariances up to a
 * lag of floor(4 (n/100)^(2/9)) with Bartlett weights, scaled by n/(n-2), and the bound is
 * slope +- t(1 - (1 - level)/2, n-2) x SE. Shared by the soak (x = iteration) and the memory
 * workload (x = seconds). Pure: no I/O.
 */
import { leastSquaresLine } from './scale-fit.js';

export interface TrendFit {
  /** Points fitted. */
  n: number;
  /** y per unit of x, with its interval. */
  slope: number;
  low: number;
  high: number;
  level: number;
  intercept: number;
  /** Autocovariance lags in the Newey-West sum. */
  lag: number;
  method: 'ols-newey-west';
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return Number.NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Student's t quantile: exact for 1 and 2 degrees of freedom, else the Cornish-Fisher expansion
 * around the normal quantile (Abramowitz & Stegun 26.7.5; within 0.01 of the tables for df >= 3
 * at p = 0.975, within 0.001 for df >= 6).
 */
export function tQuantile(p: number, df: number): number {
  if (!(df >= 1) || !(p > 0 && p < 1)) return Number.NaN;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** The Newey-West lag rule of thumb: floor(4 (n/100)^(2/9)). */
export const neweyWestLag = (n: number) => Math.floor(4 * (n / 100) ** (2 / 9));

/** Newey-West variance of the OLS slope, from the centred x and the residuals. */
function neweyWestVariance(dx: readonly number[], residuals: readonly number[], lag: number): number {
  const n = dx.length;
  const u = dx.map((d, i) => d * residuals[i]);
  let s = u.reduce((acc, v) => acc + v * v, 0);
  for (let l = 1; l <= lag; l++) {
    let cov = 0;
    for (let i = l; i < n; i++) cov += u[i] * u[i - l];
    s += 2 * (1 - l / (lag + 1)) * cov;
  }
  const sxx = dx.reduce((acc, d) => acc + d * d, 0);
  return (Math.max(0, s) / (sxx * sxx)) * (n / (n - 2));
}

/** The OLS line through `points` with the slope's Newey-West interval; null below 5 points (3 degrees of freedom) or when x does not vary. */
export function trendFit(points: readonly { x: number; y: number }[], level = 0.95): TrendFit | null {
  const n = points.length;
  if (n < 5) return null;
  const line = leastSquaresLine(points);
  if (!line) return null;
  const mx = points.reduce((acc, p) => acc + p.x, 0) / n;
  const dx = points.map((p) => p.x - mx);
  const residuals = points.map((p) => p.y - line.intercept - line.slope * p.x);
  const lag = neweyWestLag(n);
  const half = tQuantile(1 - (1 - level) / 2, n - 2) * Math.sqrt(neweyWestVariance(dx, residuals, lag));
  return { n, slope: line.slope, low: line.slope - half, high: line.slope + half, level, intercept: line.intercept, lag, method: 'ols-newey-west' };
}
