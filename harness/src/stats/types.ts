/** The small types of the statistics layer (a leaf: it imports nothing of the rest of the harness). */

/**
 * How an interval was made:
 * - `order-statistic`: distribution-free interval of one sample's median, [x(k), x(n-k+1)]
 * - `hodges-lehmann`: the exact Mann-Whitney (rank-sum) interval around the Hodges-Lehmann
 *   estimate of a ratio (a shift of the logs)
 * - `range`: too few runs for the asked level: the whole range, with its (lower) coverage
 */
export type IntervalMethod = 'order-statistic' | 'hodges-lehmann' | 'range';

/** A point estimate with the interval around it and what the interval is (bounds NaN when there is none). */
export interface Interval {
  value: number;
  ciLow: number;
  ciHigh: number;
  /** The interval's exact coverage (0.9375 = 93.75%), not a nominal one; 0 when there is no interval. */
  level: number;
  method: IntervalMethod;
}
