/**
 * The ratio of two samples of positive values (times, bytes, rates) and whether it differs from
 * 1, by ranks: on the logs, the Hodges-Lehmann estimate of the shift (the median of all m x n
 * pairwise differences) with the exact Mann-Whitney interval (the k-th smallest and largest
 * difference, k from the exact null distribution of U), and the exact two-sided rank test.
 * Back on the ratio scale, the estimate and bounds are exp() of those. Exact for a change of
 * scale (one sample is the other times a factor) whatever the distribution; this is the model
 * of a slower or faster program. Significant = the interval at 1 - alpha excludes 1 AND the
 * rank test gives p < alpha: the one rule of the report and the gate.
 */
import { median } from './descriptive.js';
import { exactUCounts, mannWhitneyU } from './rank-test.js';
import type { Interval } from './types.js';

export interface RatioTest {
  /** numerator / denominator: the estimate and its interval (level = exact coverage). */
  ratio: Interval;
  /** Two-sided p-value of the rank test. */
  pValue: number;
  significant: boolean;
}

const NONE: Interval = { value: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, level: 0, method: 'range' };

/** The largest k with P(U <= k - 1) <= tail, and the interval's coverage; k = 0 when none. */
function rankIndex(m: number, n: number, tail: number): { k: number; coverage: number } {
  const counts = exactUCounts(m, n);
  const total = counts.reduce((s, c) => s + c, 0);
  let below = 0;
  let k = 0;
  while (k < counts.length && below + counts[k] <= tail * total) below += counts[k++];
  return { k, coverage: 1 - (2 * below) / total };
}

/** The shift interval of log(numerator) - log(denominator) at `level`, as a ratio. */
export function ratioInterval(numerator: readonly number[], denominator: readonly number[], level = 0.95): Interval {
  const m = numerator.length;
  const n = denominator.length;
  if (m === 0 || n === 0) return NONE;
  const diffs: number[] = [];
  for (const x of numerator) for (const y of denominator) diffs.push(Math.log(x) - Math.log(y));
  diffs.sort((a, b) => a - b);
  const value = Math.exp(median(diffs));
  const { k, coverage } = rankIndex(m, n, (1 - level) / 2);
  if (k === 0) {
    // no interval of this level exists for so few runs: the range of all pairs, with its own coverage
    const rangeCoverage = 1 - 2 / exactUCounts(m, n).reduce((s, c) => s + c, 0);
    return { value, ciLow: Math.exp(diffs[0]), ciHigh: Math.exp(diffs[diffs.length - 1]), level: rangeCoverage, method: 'range' };
  }
  return { value, ciLow: Math.exp(diffs[k - 1]), ciHigh: Math.exp(diffs[diffs.length - k]), level: coverage, method: 'hodges-lehmann' };
}

/** The one significance rule: the interval at 1 - alpha excludes 1 and the exact rank test gives p < alpha. */
export function ratioTest(numerator: readonly number[], denominator: readonly number[], alpha = 0.05): RatioTest {
  const ratio = ratioInterval(numerator, denominator, 1 - alpha);
  const pValue = numerator.length && denominator.length ? mannWhitneyU(numerator, denominator).p : Number.NaN;
  const excludesOne = ratio.method !== 'range' && (ratio.ciLow > 1 || ratio.ciHigh < 1);
  return { ratio, pValue, significant: excludesOne && pValue < alpha };
}
