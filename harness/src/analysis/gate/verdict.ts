/**
 * The decision for one pipeline and metric. A change counts only when it is both
 * significant and larger than the threshold; fixed thresholds alone fire on noise,
 * significance alone fires on trivia. Significant = the 95% bootstrap CI of new/baseline
 * excludes 1 AND a Mann-Whitney rank test gives p < 0.05: with the few runs a bench affords
 * (5-10), a bootstrap CI of a median is too narrow now and then, and the exact rank test
 * keeps one jittery sample from raising a false alarm. A change must also exceed an absolute
 * floor (`minDelta`), so a few milliseconds of jitter on a stage that takes 50 ms, a large
 * relative change of no consequence, cannot fail a build.
 */
import type { Verdict } from '../../gate-types.js';
import { formatValue, metricInfo } from '../../metrics.js';
import { excludes, mannWhitneyU, median, ratioCI } from '../../stats/index.js';
import type { Estimate, MetricId } from '../../types.js';

export interface MetricJudgement {
  verdict: Verdict;
  /** new / baseline of the medians, with its 95% bootstrap CI. */
  ratio: Estimate;
  /** Signed change in the bad direction: +0.2 = 20% worse (slower, bigger, or less throughput). */
  worsening: number;
  /** Two-sided p-value of the Mann-Whitney U test. */
  pValue: number;
  note: string;
}

/** Level of the tests: 95% CI, p < 0.05. */
export const ALPHA = 0.05;

export interface JudgeOptions {
  threshold: number;
  /** Smallest absolute change of the medians that counts, in the metric's unit (0: none). */
  minDelta?: number;
  minSamples: number;
  seed?: number;
  resamples?: number;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function judgeMetric(metric: MetricId, baseline: readonly number[], candidate: readonly number[], options: JudgeOptions): MetricJudgement {
  const { better, unit } = metricInfo(metric);
  if (baseline.length < options.minSamples || candidate.length < options.minSamples) {
    const ratio = baseline.length && candidate.length ? median(candidate) / median(baseline) : Number.NaN;
    return {
      verdict: 'insufficient',
      ratio: { value: ratio, ciLow: Number.NaN, ciHigh: Number.NaN },
      worsening: Number.NaN,
      pValue: Number.NaN,
      note: `too few samples for a verdict: baseline ${baseline.length}, candidate ${candidate.length}, need ${options.minSamples} each`,
    };
  }
  const ratio = ratioCI(candidate, baseline, { seed: options.seed, resamples: options.resamples });
  const change = ratio.value - 1;
  const worsening = better === 'lower' ? change : -change;
  const pValue = mannWhitneyU(candidate, baseline).p;
  const significant = excludes(ratio, 1) && pValue < ALPHA;
  const evidence = excludes(ratio, 1) ? (pValue < ALPHA ? `CI excludes 1, rank test p=${pValue.toPrecision(2)}` : `CI excludes 1 but rank test p=${pValue.toPrecision(2)}`) : 'CI includes 1';
  const delta = Math.abs(median(candidate) - median(baseline));
  const belowFloor = delta < (options.minDelta ?? 0);
  const beyond = Math.abs(change) > options.threshold && !belowFloor;
  const limit = `threshold ${(options.threshold * 100).toFixed(0)}%`;
  if (beyond && significant) {
    const verdict: Verdict = worsening > 0 ? 'regression' : 'improvement';
    return { verdict, ratio, worsening, pValue, note: `${pct(change)}, beyond the ${limit}; ${evidence}` };
  }
  if (beyond) return { verdict: 'inconclusive', ratio, worsening, pValue, note: `${pct(change)} but not significant (${evidence}): too noisy to tell; run more iterations` };
  if (belowFloor && Math.abs(change) > options.threshold) {
    return { verdict: 'unchanged', ratio, worsening, pValue, note: `${pct(change)} but only ${formatValue(delta, unit)} in absolute terms, below the floor of ${formatValue(options.minDelta ?? 0, unit)}` };
  }
  return { verdict: 'unchanged', ratio, worsening, pValue, note: significant ? `${pct(change)}: significant but within the ${limit}` : `${pct(change)}: within noise` };
}
