/** One sample -> the SampleStats of summary.json. */
import { bootstrapCI, mean, median, madOutliers, standardDeviation, type BootstrapOptions } from '../stats/index.js';
import type { SampleStats } from '../types.js';

export function describeSample(samples: readonly number[], options: BootstrapOptions = {}): SampleStats {
  return {
    n: samples.length,
    median: median(samples),
    mean: mean(samples),
    sd: standardDeviation(samples),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
    ci: bootstrapCI(samples, options),
    outliers: madOutliers(samples),
    samples: [...samples],
  };
}
