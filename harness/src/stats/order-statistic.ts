/**
 * A distribution-free interval for a median: [x(k), x(n-k+1)] of the sorted sample covers the
 * true median with probability 1 - 2 P(Binomial(n, 1/2) <= k - 1), whatever the distribution
 * (continuous). The narrowest such interval whose exact coverage reaches the asked level is
 * taken; when even [min, max] falls short (n <= 5 at 95%), [min, max] is returned as a
 * `range` with its true, lower coverage.
 */
import { median, sortedCopy } from './descriptive.js';
import type { Interval } from './types.js';

/** log of n choose k, exact enough for the small n of a bench. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(Binomial(n, 1/2) <= k). */
export function binomialHalfCdf(k: number, n: number): number {
  let p = 0;
  for (let i = 0; i <= k; i++) p += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, p);
}

/** Coverage of [x(k), x(n-k+1)] (1-based k) for the median of n draws. */
export function orderStatisticCoverage(n: number, k: number): number {
  return 1 - 2 * binomialHalfCdf(k - 1, n);
}

export function medianInterval(samples: readonly number[], level = 0.95): Interval {
  const n = samples.length;
  if (n === 0) return { value: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, level: 0, method: 'range' };
  const sorted = sortedCopy(samples);
  const value = median(samples);
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && orderStatisticCoverage(n, k + 1) >= level) k++;
  const coverage = n === 1 ? 0 : orderStatisticCoverage(n, k);
  return { value, ciLow: sorted[k - 1], ciHigh: sorted[n - k], level: coverage, method: coverage >= level ? 'order-statistic' : 'range' };
}
