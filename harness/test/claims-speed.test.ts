/**
 * Claim 1's row of the claims table on synthetic runs (test doubles: fixtures/synthetic-run.ts
 * draws runs around known times): from a scale run, one figure per size with scale-claim.ts's
 * verdict, the row holding only when every size holds; from an index run, the one size it
 * measured, said so.
 */
import { describe, expect, it } from 'vitest';
import { claimsTable } from '../src/analysis/claims.js';
import { combineVerdicts } from '../src/analysis/claims-combine.js';
import { type FinishedSize, scaleAnalysis } from '../src/analysis/scale.js';
import type { RunSummary } from '../src/types.js';
import { type SyntheticPipeline, syntheticRun } from './fixtures/synthetic-run.js';

const side = (id: string, language: string, ms: number): SyntheticPipeline => ({
  id,
  language,
  engine: 'E',
  stages: { startup: ms },
  measured: 6,
  noise: 0.01,
});

/** A scale run whose Python / Rust ratio at each size is `ratios[i]`. */
function scaleRun(ratios: number[]): RunSummary {
  const sizes: FinishedSize[] = ratios.map((r, i) => ({
    label: `${(i + 1) * 10}k`,
    budgetBytes: (i + 1) * 10_000,
    runDir: `sizes/${i}`,
    summary: syntheticRun(
      [side('python', 'Python', 1000 * r), side('rust', 'Rust', 1000)].map((p) => ({ ...p, chunks: (i + 1) * 10 })),
      3 + i,
    ),
  }));
  const base = sizes[sizes.length - 1].summary;
  return { ...base, workload: 'scale', scale: scaleAnalysis(sizes, 6, 0) };
}

const claim1 = (run: RunSummary) => claimsTable(run).rows[0];

describe('claims table: claim 1 (about 1.5x as fast)', () => {
  it('from a scale run: a figure per size, Python / Rust, and holds when every size holds', () => {
    const row = claim1(scaleRun([1.5, 1.5]));
    expect(row.measured).toBe(true);
    expect(row.figures).toHaveLength(2);
    expect(row.figures[0].label).toMatch(/^python \/ rust, end to end, 10k \(10 chunks\)/);
    expect(row.figures[0].estimate.value).toBeGreaterThan(1.4);
    expect(row.figures[0].estimate.value).toBeLessThan(1.6);
    expect(row.figures.map((f) => f.verdict)).toEqual(['holds', 'holds']);
    expect(row.verdict).toBe('holds');
    expect(row.rule).toMatch(/1\.25x to 1\.75x/);
    expect(row.note).toMatch(/2 corpus sizes/);
  });

  it('does not hold when every size is far from 1.5x; mixed sizes are inconclusive, read one by one', () => {
    expect(claim1(scaleRun([3, 3])).verdict).toBe('does not hold');
    const mixed = claim1(scaleRun([3, 1.5]));
    expect(mixed.figures.map((f) => f.verdict)).toEqual(['does not hold', 'holds']);
    expect(mixed.verdict).toBe('inconclusive');
  });

  it('from an index run: the one size it measured, and the note says so', () => {
    const run = syntheticRun([side('python', 'Python', 1500), side('rust', 'Rust', 1000)]);
    const row = claim1(run);
    expect(row.figures).toHaveLength(1);
    expect(row.verdict).toBe('holds');
    expect(row.note).toMatch(/One corpus size only/);
  });

  it('combines verdicts: all hold, all do not, anything else inconclusive (none too)', () => {
    expect(combineVerdicts(['holds', 'holds'])).toBe('holds');
    expect(combineVerdicts(['does not hold'])).toBe('does not hold');
    expect(combineVerdicts(['holds', 'inconclusive'])).toBe('inconclusive');
    expect(combineVerdicts([])).toBe('inconclusive');
  });
});
