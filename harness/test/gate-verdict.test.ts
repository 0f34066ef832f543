import { describe, expect, it } from 'vitest';
import { judgeMetric } from '../src/analysis/gate/verdict.js';
import { seededRandom } from '../src/stats/index.js';

function normals(n: number, mu: number, rel: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => mu * (1 + rel * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
}
const opts = { threshold: 0.1, minSamples: 5, resamples: 2000 };

describe('verdict per metric: significant AND beyond the threshold', () => {
  it('20% slower with little noise: regression', () => {
    const j = judgeMetric('wall', normals(10, 100, 0.03, 1), normals(10, 120, 0.03, 2), opts);
    expect(j.verdict).toBe('regression');
    expect(j.ratio.ciLow).toBeGreaterThan(1);
  });

  it('3% slower under a 10% threshold: unchanged, even when significant', () => {
    const j = judgeMetric('wall', normals(30, 100, 0.005, 3), normals(30, 103, 0.005, 4), opts);
    expect(j.verdict).toBe('unchanged');
    expect(j.note).toMatch(/significant but within the threshold/);
  });

  it('20% slower but very noisy: inconclusive, not a regression and not a silent pass', () => {
    const j = judgeMetric('wall', [60, 100, 140, 80, 120], [72, 120, 168, 96, 144], opts);
    expect(j.ratio.value).toBeCloseTo(1.2, 10);
    expect(j.verdict).toBe('inconclusive');
    expect(j.note).toMatch(/CI includes 1/);
  });

  it('direction: lower throughput is a regression, higher is an improvement', () => {
    expect(judgeMetric('throughput:embed', normals(10, 100, 0.02, 7), normals(10, 70, 0.02, 8), opts).verdict).toBe('regression');
    expect(judgeMetric('throughput:embed', normals(10, 100, 0.02, 9), normals(10, 140, 0.02, 10), opts).verdict).toBe('improvement');
    expect(judgeMetric('peak_rss', normals(10, 100, 0.02, 11), normals(10, 70, 0.02, 12), opts).verdict).toBe('improvement');
  });

  it('a large relative change below the absolute floor is not a regression; above it, it is', () => {
    // a 40 ms stage becoming 56 ms: +40%, significant, yet only 16 ms
    const base = normals(10, 40, 0.02, 14);
    const slower = normals(10, 56, 0.02, 15);
    const floored = judgeMetric('stage:startup', base, slower, { ...opts, minDelta: 50 });
    expect(floored.verdict).toBe('unchanged');
    expect(floored.note).toMatch(/below the floor of 50/);
    expect(judgeMetric('stage:startup', base, slower, { ...opts, minDelta: 10 }).verdict).toBe('regression');
  });

  it('too few samples: insufficient, saying how many are needed', () => {
    const j = judgeMetric('wall', [100, 101, 99], normals(10, 150, 0.01, 13), opts);
    expect(j.verdict).toBe('insufficient');
    expect(j.note).toMatch(/baseline 3, candidate 10, need 5/);
  });
});
