/**
 * Claim 2's row of the claims table on synthetic overhead runs (test doubles: fixtures/
 * overhead-run.ts, whose true shares are known): each Rust and Python pipeline's inference
 * share, the time outside inference as Python / Rust (> 1 when Rust has less overhead) with its
 * interval, and the verdict of the overhead analysis's stated rule.
 */
import { describe, expect, it } from 'vitest';
import { claimsTable } from '../src/analysis/claims.js';
import { summarize } from '../src/analysis/summarize.js';
import type { RunSummary } from '../src/types.js';
import { type OverheadSide, PYTHON, RUST, syntheticOverheadRun } from './fixtures/overhead-run.js';

const LANGUAGE: Record<string, string> = { python: 'Python', rust: 'Rust', tiny: 'Rust' };

/** The synthetic overhead run with the pipelines' languages declared, analysed. */
function overheadRun(sides: OverheadSide[]): RunSummary {
  const run = syntheticOverheadRun(sides);
  const pipelines = run.pipelines.map((p) => (p.stubTwinOf ? p : { ...p, language: LANGUAGE[p.id], engine: 'E' }));
  return summarize({ ...run, pipelines });
}

const claim2 = (run: RunSummary) => claimsTable(run).rows[1];

describe('claims table: claim 2 (inference dominates, the gain is overhead)', () => {
  it('holds with both shares over half and Rust far lower outside inference, shown as Python / Rust', () => {
    const row = claim2(overheadRun([PYTHON, RUST]));
    expect(row.measured).toBe(true);
    const [py, rs, ratio] = row.figures;
    expect(py.label).toBe('inference share of end to end, Python (LangChain)');
    expect(py.unit).toBe('share');
    expect(py.verdict).toBe('holds');
    expect(rs.label).toBe('inference share of end to end, Rust (Candle)');
    // python's 2710 ms outside inference against rust's 270: about 10x, its interval oriented alike
    expect(ratio.unit).toBe('ratio');
    expect(ratio.estimate.value).toBeGreaterThan(8);
    expect(ratio.estimate.value).toBeLessThan(12);
    expect(ratio.estimate.ciLow).toBeLessThanOrEqual(ratio.estimate.value);
    expect(ratio.estimate.ciHigh).toBeGreaterThanOrEqual(ratio.estimate.value);
    expect(ratio.label).toMatch(/^time outside inference .*Python \(LangChain\) \/ Rust \(Candle\), 6 vs 6 runs/);
    expect(row.verdict).toBe('holds');
    expect(row.rule).toMatch(/interval lies above 50%/);
    expect(row.note).toMatch(/Bonferroni over 4 intervals/);
  });

  it("does not hold when inference is not most of the Rust pipeline's time", () => {
    const row = claim2(overheadRun([PYTHON, { ...RUST, id: 'tiny', name: 'Tiny', embed: 100, modelLoad: 20 }]));
    expect(row.figures.find((f) => f.label.endsWith('Tiny'))!.verdict).toBe('does not hold');
    expect(row.verdict).toBe('does not hold');
  });

  it('an index run has no overhead results: claim 2 is not measured', () => {
    const run = overheadRun([PYTHON, RUST]);
    expect(claim2({ ...run, overhead: null }).verdict).toBe('not measured');
  });
});
