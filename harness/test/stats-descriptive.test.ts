import { describe, expect, it } from 'vitest';
import { mad, mean, median, quantileSorted, standardDeviation } from '../src/stats/index.js';

describe('descriptive statistics', () => {
  it('median of odd and even samples, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('mean and sample standard deviation (n - 1)', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    // population sd is 2; the sample sd is sqrt(32 / 7)
    expect(standardDeviation(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([42])).toBe(0);
  });

  it('MAD is the median of absolute deviations from the median', () => {
    // median 3; |x - 3| = 2 2 0 1 6 -> median 2
    expect(mad([1, 1, 3, 4, 9])).toBe(2);
  });

  it('quantiles interpolate linearly between ranks', () => {
    expect(quantileSorted([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantileSorted([10, 20, 30, 40], 0)).toBe(10);
    expect(quantileSorted([10, 20, 30, 40], 1)).toBe(40);
    expect(quantileSorted([10, 20, 30, 40], 1 / 3)).toBeCloseTo(20, 12);
  });

  it('empty samples give NaN, not a made-up number', () => {
    expect(median([])).toBeNaN();
    expect(mean([])).toBeNaN();
  });
});
