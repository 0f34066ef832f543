/**
 * What the gate could have seen: the smallest worsening its own rule (verdict.ts) detects with
 * 80% power at the runs it had, and the runs per side it needs to detect the change it must
 * catch (`check.mustDetect`), both simulated from the noise of the runs being judged
 * (stats/power.ts). A PASS from a gate that could not have seen the change it is there for is
 * said so, not passed off as evidence.
 */
import { metricInfo } from '../../metrics.js';
import { logResiduals, median, simulatePower, type PowerAnswer } from '../../stats/index.js';
import type { MetricId } from '../../types.js';
import { judgeMetric, type JudgeOptions } from './verdict.js';

/** The measured value of a change that makes `metric` worse by `effect` (0.2 = 20% worse). */
export function worseBy(metric: MetricId, effect: number): number {
  return metricInfo(metric).better === 'lower' ? 1 + effect : 1 - effect;
}

/** The gate's power on one metric, from the noise of its samples (both sides pooled, each about its own median). */
export function gatePower(metric: MetricId, samples: ReadonlyArray<readonly number[]>, runs: number, mustDetect: number, options: JudgeOptions): PowerAnswer {
  const center = median(samples[0] ?? []);
  return simulatePower(
    {
      residuals: logResiduals(...samples),
      center,
      factor: (effect) => worseBy(metric, effect),
      detects: (reference, changed) => judgeMetric(metric, reference, changed, options).verdict === 'regression',
    },
    runs,
    mustDetect,
  );
}

/** Whether this answer shows the gate blind to the change it must catch. */
export function underpowered(answer: PowerAnswer | undefined): boolean {
  return answer !== undefined && (answer.detectable === null || answer.detectable > answer.target);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "detects >= 23% at 6 runs per side; a 20% change needs 9": the power in a sentence. */
export function describePower(a: PowerAnswer): string {
  const sees = a.detectable === null ? `detects no change up to ${pct(a.maxEffect)}` : `detects >= ${pct(a.detectable)}`;
  const needs = a.runsForTarget === null ? `more than ${a.maxRuns} runs per side` : `${a.runsForTarget} runs per side`;
  return `${sees} with ${pct(a.power)} power at ${a.runs} runs per side; a ${pct(a.target)} change needs ${needs} (${a.trials} simulated trials of this noise)`;
}
