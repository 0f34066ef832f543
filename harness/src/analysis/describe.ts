/** One sample -> the SampleStats of summary.json. */
import { mean, median, madOutliers, medianInterval, standardDeviation } from '../stats/index.js';
import type { SampleStats } from '../types.js';

export function describeSample(samples: readonly number[]): SampleStats {
  return {
    n: samples.length,
    median: median(samples),
    mean: mean(samples),
    sd: standardDeviation(samples),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
    ci: medianInterval(samples, 0.95),
    outliers: madOutliers(samples),
    samples: [...samples],
  };
}
