import { describe, expect, it } from 'vitest';
import { bootstrapCI, excludes, ratioCI, seededRandom } from '../src/stats/index.js';

/** Normal variates from a seeded generator (Box-Muller), for synthetic samples. */
function normals(n: number, mu: number, sigma: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    const v = random();
    return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

describe('bootstrap confidence intervals', () => {
  it('the same samples and seed give the same interval; another seed a slightly different one', () => {
    const xs = normals(15, 100, 10, 1);
    expect(bootstrapCI(xs, { seed: 7 })).toEqual(bootstrapCI(xs, { seed: 7 }));
    // the median's bootstrap distribution is discrete (sample values), so compare on the mean
    const ofMean = (seed: number) => bootstrapCI(xs, { seed, statistic: (s) => s.reduce((a, b) => a + b) / s.length });
    expect(ofMean(7)).toEqual(ofMean(7));
    expect(ofMean(7)).not.toEqual(ofMean(8));
  });

  it('the CI of the median contains the median and narrows with more samples', () => {
    const small = bootstrapCI(normals(10, 100, 10, 2));
    const large = bootstrapCI(normals(200, 100, 10, 2));
    for (const e of [small, large]) {
      expect(e.ciLow).toBeLessThanOrEqual(e.value);
      expect(e.ciHigh).toBeGreaterThanOrEqual(e.value);
    }
    expect(large.ciHigh - large.ciLow).toBeLessThan(small.ciHigh - small.ciLow);
  });

  it('covers the true median about 95% of the time', () => {
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const e = bootstrapCI(normals(30, 50, 5, 1000 + t), { resamples: 1000 });
      if (e.ciLow <= 50 && 50 <= e.ciHigh) covered++;
    }
    // percentile bootstrap of a median undercovers a little at n = 30
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it('ratio of two samples: a 20% difference is found and its CI excludes 1', () => {
    const base = normals(12, 100, 4, 3);
    const slower = normals(12, 120, 4, 4);
    const r = ratioCI(slower, base);
    expect(r.value).toBeGreaterThan(1.12);
    expect(r.value).toBeLessThan(1.28);
    expect(excludes(r, 1)).toBe(true);
  });

  it('ratio of two samples from the same distribution: the CI contains 1', () => {
    const r = ratioCI(normals(12, 100, 4, 5), normals(12, 100, 4, 6));
    expect(excludes(r, 1)).toBe(false);
  });

  it('options given as undefined keep their defaults', () => {
    const xs = normals(10, 100, 5, 9);
    expect(ratioCI(xs, xs, { seed: undefined, resamples: undefined })).toEqual(ratioCI(xs, xs));
    expect(Number.isFinite(ratioCI(xs, xs, { resamples: undefined }).ciLow)).toBe(true);
  });

  it('a single sample gives a zero-width interval instead of a fake spread', () => {
    expect(bootstrapCI([3])).toEqual({ value: 3, ciLow: 3, ciHigh: 3 });
  });
});
