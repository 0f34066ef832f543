/**
 * The decision for one pipeline and metric. A change counts only when it is both
 * significant and larger than the threshold; fixed thresholds alone fire on noise,
 * significance alone fires on trivia. Significant is the one rule of the project
 * (stats/ratio.ts `ratioTest`): the exact rank interval of candidate/baseline at 1 - alpha
 * excludes 1 AND the exact rank test gives p < alpha, alpha corrected for the family of
 * comparisons (analysis/significance.ts). A change must also exceed an absolute floor
 * (`minDelta`), so a few milliseconds of jitter on a stage that takes 50 ms, a large relative
 * change of no consequence, cannot fail a build.
 */
import type { Verdict } from '../../gate-types.js';
import { formatValue, metricInfo } from '../../metrics.js';
import { median, ratioTest } from '../../stats/index.js';
import type { Estimate, MetricId } from '../../types.js';

export interface MetricJudgement {
  verdict: Verdict;
  /** candidate / baseline: the estimate and its interval at 1 - alpha. */
  ratio: Estimate;
  /** Signed change in the bad direction: +0.2 = 20% worse (slower, bigger, or less throughput). */
  worsening: number;
  /** Two-sided p-value of the exact rank test. */
  pValue: number;
  note: string;
}

export interface JudgeOptions {
  threshold: number;
  /** Smallest absolute change of the medians that counts, in the metric's unit (0: none). */
  minDelta?: number;
  minSamples: number;
  /** The level of this comparison (0.05 / family size for a primary metric). */
  alpha: number;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const NO_INTERVAL = { ciLow: Number.NaN, ciHigh: Number.NaN, level: 0, method: 'range' } as const;

function insufficient(baseline: readonly number[], candidate: readonly number[], minSamples: number): MetricJudgement {
  const value = baseline.length && candidate.length ? median(candidate) / median(baseline) : Number.NaN;
  return {
    verdict: 'insufficient',
    ratio: { value, ...NO_INTERVAL },
    worsening: Number.NaN,
    pValue: Number.NaN,
    note: `too few samples for a verdict: baseline ${baseline.length}, candidate ${candidate.length}, need ${minSamples} each`,
  };
}

export function judgeMetric(metric: MetricId, baseline: readonly number[], candidate: readonly number[], options: JudgeOptions): MetricJudgement {
  const { better, unit } = metricInfo(metric);
  if (baseline.length < options.minSamples || candidate.length < options.minSamples) return insufficient(baseline, candidate, options.minSamples);
  const { ratio, pValue, significant } = ratioTest(candidate, baseline, options.alpha);
  const change = ratio.value - 1;
  const worsening = better === 'lower' ? change : -change;
  const p = `p=${pValue.toPrecision(2)} (alpha ${options.alpha.toPrecision(2)})`;
  const evidence = significant ? `interval excludes 1, rank test ${p}` : `not significant: rank test ${p}`;
  const delta = Math.abs(median(candidate) - median(baseline));
  const belowFloor = delta < (options.minDelta ?? 0);
  const beyond = Math.abs(change) > options.threshold && !belowFloor;
  const limit = `threshold ${(options.threshold * 100).toFixed(0)}%`;
  const judged = (verdict: Verdict, note: string): MetricJudgement => ({ verdict, ratio, worsening, pValue, note });
  if (beyond && significant) return judged(worsening > 0 ? 'regression' : 'improvement', `${pct(change)}, beyond the ${limit}; ${evidence}`);
  if (beyond) return judged('inconclusive', `${pct(change)} but ${evidence}: too noisy to tell; run more iterations`);
  if (belowFloor && Math.abs(change) > options.threshold) {
    return judged(
      'unchanged',
      `${pct(change)} but only ${formatValue(delta, unit)} in absolute terms, below the floor of ${formatValue(options.minDelta ?? 0, unit)}`,
    );
  }
  return judged('unchanged', significant ? `${pct(change)}: significant but within the ${limit}` : `${pct(change)}: within noise`);
}
