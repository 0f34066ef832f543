/**
 * Outlier flags by the MAD rule (Iglewicz and Hoaglin's modified z-score): a sample is an
 * outlier when 0.6745 * |x - median| / MAD > 3.5. Robust to the outliers themselves, unlike
 * a mean +- k*sd rule, which a single slow run on a shared machine can mask.
 */
import { mad, median } from './descriptive.js';

export const MODIFIED_Z_LIMIT = 3.5;

/** Indexes (into `samples`) of the outliers. None when MAD is 0 (half the samples are equal). */
export function madOutliers(samples: readonly number[], limit = MODIFIED_Z_LIMIT): number[] {
  if (samples.length < 3) return [];
  const m = median(samples);
  const deviation = mad(samples);
  if (deviation === 0) return [];
  const flagged: number[] = [];
  samples.forEach((x, i) => {
    if ((0.6745 * Math.abs(x - m)) / deviation > limit) flagged.push(i);
  });
  return flagged;
}
