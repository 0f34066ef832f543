import { describe, expect, it } from 'vitest';
import { mannWhitneyU, smallestRankTestP } from '../src/stats/index.js';

describe('Mann-Whitney U test', () => {
  it('complete separation of 5 vs 5: exact two-sided p = 2/252', () => {
    const r = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect(r.u).toBe(25);
    expect(r.p).toBeCloseTo(2 / 252, 12);
  });

  it('the exact p matches a textbook value (m = 4, n = 5, U = 2: p = 2 * 4/126)', () => {
    // orderings of 4 vs 5 with U <= 2: U=0 (1), U=1 (1), U=2 (2) -> 4 of C(9,4) = 126
    const r = mannWhitneyU([1, 2, 4, 5], [3, 6, 7, 8, 9]);
    expect(r.u).toBe(2);
    expect(r.p).toBeCloseTo((2 * 4) / 126, 12);
  });

  it('interleaved samples: p near 1', () => {
    expect(mannWhitneyU([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]).p).toBeGreaterThan(0.5);
  });

  it('ties use the normal approximation with tie correction', () => {
    const r = mannWhitneyU([1, 1, 1, 2, 2, 2, 3, 3, 3, 3], [3, 3, 4, 4, 4, 5, 5, 5, 5, 5]);
    expect(r.p).toBeLessThan(0.01);
    expect(mannWhitneyU([2, 2, 2], [2, 2, 2]).p).toBe(1);
  });

  it('large samples: normal approximation agrees with separation', () => {
    const a = Array.from({ length: 30 }, (_, i) => 100 + i);
    const b = Array.from({ length: 30 }, (_, i) => 115 + i);
    expect(mannWhitneyU(a, b).p).toBeLessThan(0.001);
  });

  it('the smallest p the exact test can give is that of complete separation, 2 / C(m + n, m)', () => {
    expect(smallestRankTestP(6, 6)).toBeCloseTo(2 / 924, 12);
    expect(smallestRankTestP(5, 7)).toBeCloseTo(mannWhitneyU([8, 9, 10, 11, 12], [1, 2, 3, 4, 5, 6, 7]).p, 12);
    expect(smallestRankTestP(1, 1)).toBe(1);
    expect(smallestRankTestP(0, 4)).toBe(1);
  });
});
