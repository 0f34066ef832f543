/** One sample -> the SampleStats of summary.json. */
import type { SampleStats } from '../types.js';
import { bootstrapCI, type BootstrapOptions } from './bootstrap.js';
import { mean, median, standardDeviation } from './descriptive.js';
import { madOutliers } from './outliers.js';

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
