/**
 * The scale workload's math on synthetic sizes (test doubles: fixtures/synthetic-run.ts draws
 * runs around known lines, so the test knows the true fixed and per-chunk costs): the least
 * squares fit over every run of every size, its bootstrap spread, the crossover of two lines,
 * the measured ranking change, and claim 1's verdict per size with its stated rule.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM1_BAND, claimVerdict } from '../src/analysis/scale-claim.js';
import { crossing, type FinishedSize, scaleAnalysis } from '../src/analysis/scale.js';
import { leastSquaresLine } from '../src/stats/scale-fit.js';
import { type SyntheticPipeline, syntheticRun } from './fixtures/synthetic-run.js';

/** A synthetic pipeline whose end to end is `fixed + perChunk x chunks` (+ 5 ms the double adds), with 1% noise. */
const lineDouble = (id: string, language: string, fixed: number, perChunk: number, chunks: number, measured = 5): SyntheticPipeline => ({
  id,
  language,
  engine: 'E',
  stages: { startup: fixed, embed: perChunk * chunks },
  chunks,
  measured,
  noise: 0.01,
});

/** Synthetic sizes (doubles of finished scale sizes): each a synthetic run of both pipelines at `chunks`. */
function syntheticSizes(sizes: number[], pipelines: (chunks: number) => SyntheticPipeline[]): FinishedSize[] {
  return sizes.map((chunks, i) => ({ label: `${chunks}`, budgetBytes: chunks * 800, runDir: `sizes/${i}`, summary: syntheticRun(pipelines(chunks), 7 + i) }));
}

describe('scale: the fit', () => {
  it('least squares recovers a line exactly and refuses one x value', () => {
    const pts = [10, 20, 40].map((x) => ({ x, y: 300 + 2.5 * x }));
    const line = leastSquaresLine(pts)!;
    expect(line.intercept).toBeCloseTo(300, 9);
    expect(line.slope).toBeCloseTo(2.5, 9);
    expect(
      leastSquaresLine([
        { x: 5, y: 1 },
        { x: 5, y: 3 },
      ]),
    ).toBeNull();
  });

  it('fits fixed + per-chunk over every run of every size, the bootstrap spread around the truth', () => {
    // Python: 3 s to start, 40 ms a chunk; Rust: 0.5 s, 30 ms
    const sizes = syntheticSizes([20, 100, 500, 750], (n) => [lineDouble('python', 'Python', 3000, 40, n), lineDouble('rust', 'Rust', 500, 30, n)]);
    const s = scaleAnalysis(sizes, 5, 1)!;
    const py = s.fits.find((f) => f.pipelineId === 'python')!;
    const rs = s.fits.find((f) => f.pipelineId === 'rust')!;
    expect(py.runs).toBe(20);
    expect(py.sizes).toBe(4);
    expect(py.fixedMs.value).toBeGreaterThan(2900);
    expect(py.fixedMs.value).toBeLessThan(3100);
    expect(py.perChunkMs.value).toBeCloseTo(40, 0);
    expect(rs.perChunkMs.value).toBeCloseTo(30, 0);
    for (const [e, truth] of [
      [py.fixedMs, 3005],
      [py.perChunkMs, 40],
      [rs.fixedMs, 505],
      [rs.perChunkMs, 30],
    ] as const) {
      expect(e.low).toBeLessThanOrEqual(truth);
      expect(e.high).toBeGreaterThanOrEqual(truth);
      expect(e.method).toBe('bootstrap-percentile');
    }
    expect(s.points).toHaveLength(40);
    expect(s.fitMethod).not.toMatch(/95%/);
  });
});

describe('scale: where the ranking changes', () => {
  it('crossing() is where two lines meet, null when they meet at no positive size', () => {
    expect(crossing({ intercept: 1000, slope: 2 }, { intercept: 200, slope: 6 })).toBeCloseTo(200, 9);
    expect(crossing({ intercept: 1000, slope: 2 }, { intercept: 200, slope: 1 })).toBeNull();
    expect(crossing({ intercept: 1000, slope: 2 }, { intercept: 200, slope: 2 })).toBeNull();
  });

  it('finds the crossover of two fitted lines and the measured change of order around it', () => {
    // a: 1 s fixed, 2 ms a chunk; b: 0.2 s fixed, 6 ms a chunk: they cross at 200 chunks
    const sizes = syntheticSizes([20, 100, 500, 750], (n) => [lineDouble('a', 'A', 1000, 2, n), lineDouble('b', 'B', 200, 6, n)]);
    const s = scaleAnalysis(sizes, 5, 1)!;
    expect(s.crossovers).toHaveLength(1);
    const c = s.crossovers[0];
    expect(c.chunks!).toBeGreaterThan(180);
    expect(c.chunks!).toBeLessThan(220);
    expect([c.fasterBelow, c.fasterBeyond]).toEqual(['b', 'a']);
    expect(c.withinMeasured).toBe(true);
    expect(c.shareOfResamples).toBeGreaterThan(0.99);
    expect(c.low).toBeLessThanOrEqual(c.chunks!);
    expect(c.high).toBeGreaterThanOrEqual(c.chunks!);
    expect(s.sizes.map((x) => x.ranking.join(','))).toEqual(['b,a', 'b,a', 'a,b', 'a,b']);
    expect(s.rankingChanges).toEqual([{ from: '100', to: '500', before: ['b', 'a'], after: ['a', 'b'] }]);
  });

  it('one pipeline cheaper in both parts: no crossover, it is faster everywhere', () => {
    const sizes = syntheticSizes([20, 200], (n) => [lineDouble('a', 'A', 1000, 5, n), lineDouble('b', 'B', 200, 4, n)]);
    const c = scaleAnalysis(sizes, 5, 1)!.crossovers[0];
    expect(c.chunks).toBeNull();
    expect(c.fasterBelow).toBe('b');
    expect(c.fasterBeyond).toBe('b');
    expect(c.withinMeasured).toBe(false);
  });
});

describe('scale: claim 1 per size', () => {
  it('is judged at every size apart: holds where the speedup is about 1.5x, does not hold where it is far from it', () => {
    // Python 3 s + 30 ms/chunk, Rust 0.3 s + 20 ms/chunk: 5.3x at 20 chunks, 1.67x at 750
    const sizes = syntheticSizes([20, 750], (n) => [lineDouble('python', 'Python', 3000, 30, n), lineDouble('rust', 'Rust', 300, 20, n)]);
    const s = scaleAnalysis(sizes, 5, 1)!;
    expect(s.tests).toBe(2);
    expect(s.alpha).toBeCloseTo(0.025, 9);
    expect(s.claims.map((c) => [c.size, c.verdict])).toEqual([
      ['20', 'does not hold'],
      ['750', 'holds'],
    ]);
    expect(s.claims[0].speedup!.value).toBeGreaterThan(4);
    expect(s.claims[1].speedup!.value).toBeCloseTo(1.67, 1);
    expect(s.claims[1].speedup!.method).toBe('hodges-lehmann');
    expect(s.rule).toMatch(/1\.25x to 1\.75x/);
  });

  it('too few runs at a size: inconclusive (a range carries no verdict)', () => {
    const sizes = syntheticSizes([20, 750], (n) => [lineDouble('python', 'Python', 3000, 30, n, 3), lineDouble('rust', 'Rust', 300, 20, n, 3)]);
    expect(scaleAnalysis(sizes, 3, 1)!.claims.map((c) => c.verdict)).toEqual(['inconclusive', 'inconclusive']);
  });

  it('the band rule: inside holds, wholly outside does not, across an edge is inconclusive', () => {
    const e = (lo: number, hi: number) => ({ value: (lo + hi) / 2, ciLow: lo, ciHigh: hi, level: 0.99, method: 'hodges-lehmann' as const });
    expect(CLAIM1_BAND).toEqual([1.25, 1.75]);
    expect(claimVerdict(e(1.3, 1.7))).toBe('holds');
    expect(claimVerdict(e(1.8, 2.4))).toBe('does not hold');
    expect(claimVerdict(e(0.9, 1.2))).toBe('does not hold');
    expect(claimVerdict(e(1.1, 1.4))).toBe('inconclusive');
    expect(claimVerdict({ ...e(1.3, 1.7), method: 'range' })).toBe('inconclusive');
    expect(claimVerdict(null)).toBe('inconclusive');
  });

  it('no Rust and Python pipeline: no claim, no crash', () => {
    const sizes = syntheticSizes([20, 750], (n) => [lineDouble('a', 'A', 1000, 2, n), lineDouble('b', 'B', 200, 6, n)]);
    expect(scaleAnalysis(sizes, 5, 1)!.claims).toEqual([]);
  });
});
