import { describe, expect, it } from 'vitest';
import { describeSample } from '../src/analysis/describe.js';
import { madOutliers } from '../src/stats/index.js';

describe('MAD outlier flags', () => {
  it('flags a far sample and nothing else', () => {
    expect(madOutliers([100, 101, 99, 102, 98, 100, 250])).toEqual([6]);
  });

  it('flags nothing in a tight sample', () => {
    expect(madOutliers([100, 101, 99, 102, 98, 100, 103])).toEqual([]);
  });

  it('is not masked by the outlier itself, as a mean +- 2 sd rule is', () => {
    const xs = [10, 10.2, 9.9, 10.1, 10, 40, 41];
    expect(madOutliers(xs)).toEqual([5, 6]);
  });

  it('describeSample carries the outliers, the samples and a CI around the median', () => {
    const s = describeSample([100, 101, 99, 102, 98, 100, 250]);
    expect(s.n).toBe(7);
    expect(s.median).toBe(100);
    expect(s.outliers).toEqual([6]);
    expect(s.samples).toHaveLength(7);
    expect(s.ci.ciLow).toBeLessThanOrEqual(100);
    expect(s.ci.ciHigh).toBeGreaterThanOrEqual(100);
  });
});
