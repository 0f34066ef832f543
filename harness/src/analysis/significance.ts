/**
 * Which comparisons are claims and at what level. Primary metrics (end to end, peak memory,
 * embed throughput) form a family: every comparison in it is tested at 0.05 / m (Bonferroni,
 * m = the comparisons of the family), so the chance that any of them is called different by
 * noise alone stays <= 5%, and their intervals (at 1 - 0.05 / m) hold jointly. Diagnostics
 * (stages, tokens/s) are tested at 0.05 each and never carry a claim. The test itself is
 * stats/ratio.ts `ratioTest`, used alike by the report (analysis/summarize.ts) and the gate
 * (analysis/gate/verdict.ts), so both call the same data different or not.
 */
import { metricInfo } from '../metrics.js';
import type { MetricId } from '../types.js';

/** The family-wise error rate of the claims of one report or one gate verdict. */
export const FAMILY_ALPHA = 0.05;

/** The level of one comparison of `metric` in a family of `primaryComparisons`. */
export function alphaFor(metric: MetricId, primaryComparisons: number): number {
  return metricInfo(metric).primary ? FAMILY_ALPHA / Math.max(1, primaryComparisons) : FAMILY_ALPHA;
}
