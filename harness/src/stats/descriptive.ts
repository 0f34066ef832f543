/**
 * Descriptive statistics of one sample. MAD comes from tinybench (its exported helper); the
 * rest are one-liners that tinybench keeps private.
 */
import { medianAbsoluteDeviation, type SortedSamples } from 'tinybench';

export function sortedCopy(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** Quantile by linear interpolation between closest ranks (type 7, as R, NumPy and tinybench). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(samples: readonly number[]): number {
  return quantileSorted(sortedCopy(samples), 0.5);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  let sum = 0;
  for (const x of samples) sum += x;
  return sum / samples.length;
}

/** Sample standard deviation (n - 1 denominator); 0 for a single sample. */
export function standardDeviation(samples: readonly number[]): number {
  const n = samples.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return 0;
  const m = mean(samples);
  let squares = 0;
  for (const x of samples) squares += (x - m) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/** Median absolute deviation (unscaled), via tinybench. */
export function mad(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  // tinybench brands its input as sorted and non-empty; both hold here
  return medianAbsoluteDeviation(sortedCopy(samples) as unknown as SortedSamples);
}
