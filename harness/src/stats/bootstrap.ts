/**
 * Percentile bootstrap confidence intervals, seeded so that they are reproducible.
 * - `bootstrapCI`: CI of a statistic (the median by default) of one sample.
 * - `ratioCI`: CI of statistic(numerator) / statistic(denominator) for two independent
 *   samples, each resampled on its own (the runs of two pipelines are independent processes).
 */
import { median, quantileSorted } from './descriptive.js';
import { DEFAULT_SEED, seededRandom, type Random } from './random.js';
import type { Interval } from './types.js';

export interface BootstrapOptions {
  /** Number of resamples (default 10,000). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  seed?: number;
  statistic?: (samples: readonly number[]) => number;
}

const DEFAULTS = { resamples: 10_000, level: 0.95, seed: DEFAULT_SEED, statistic: median };

/** Options over the defaults; an option given as `undefined` keeps its default. */
function withDefaults(options: BootstrapOptions) {
  return {
    resamples: options.resamples ?? DEFAULTS.resamples,
    level: options.level ?? DEFAULTS.level,
    seed: options.seed ?? DEFAULTS.seed,
    statistic: options.statistic ?? DEFAULTS.statistic,
  };
}

function resample(samples: readonly number[], random: Random, into: number[]): number[] {
  for (let i = 0; i < samples.length; i++) into[i] = samples[Math.floor(random() * samples.length)];
  return into;
}

function percentileInterval(values: number[], value: number, level: number): Interval {
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { value, ciLow: quantileSorted(values, tail), ciHigh: quantileSorted(values, 1 - tail) };
}

export function bootstrapCI(samples: readonly number[], options: BootstrapOptions = {}): Interval {
  const { resamples, level, seed, statistic } = withDefaults(options);
  if (samples.length === 0) return { value: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  const value = statistic(samples);
  if (samples.length === 1) return { value, ciLow: value, ciHigh: value };
  const random = seededRandom(seed);
  const buffer = new Array<number>(samples.length);
  const stats = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) stats[r] = statistic(resample(samples, random, buffer));
  return percentileInterval(stats, value, level);
}

export function ratioCI(
  numerator: readonly number[],
  denominator: readonly number[],
  options: BootstrapOptions = {},
): Interval {
  const { resamples, level, seed, statistic } = withDefaults(options);
  if (numerator.length === 0 || denominator.length === 0) {
    return { value: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  }
  const value = statistic(numerator) / statistic(denominator);
  const random = seededRandom(seed);
  const bufferN = new Array<number>(numerator.length);
  const bufferD = new Array<number>(denominator.length);
  const ratios = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    ratios[r] = statistic(resample(numerator, random, bufferN)) / statistic(resample(denominator, random, bufferD));
  }
  return percentileInterval(ratios, value, level);
}

/** Whether an interval lies entirely on one side of `x` (e.g. a ratio CI excluding 1). */
export function excludes(estimate: Interval, x: number): boolean {
  return estimate.ciLow > x || estimate.ciHigh < x;
}
