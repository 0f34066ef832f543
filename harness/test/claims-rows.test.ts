/**
 * The claims table's rows (analysis/claims.ts) on a synthetic run (a test double: fixtures/
 * synthetic-run.ts) that measured none of the claims' workloads: one row per claim, 1 to 5,
 * each "not measured in this run" with the command that would measure it; and a workload's
 * measure plugs its claim in through the registry, one function keyed by the claim.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_MEASURES } from '../src/analysis/claims-registry.js';
import { claimsTable } from '../src/analysis/claims.js';
import type { ClaimMeasure } from '../src/analysis/claims-registry.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

/** Two pipelines of no claimed language: nothing for any claim to read. */
const run = syntheticRun([
  { id: 'a', language: 'Go', engine: 'E' },
  { id: 'b', language: 'Java', engine: 'E' },
]);

describe('claims table: the rows', () => {
  it('has one row per claim, each not measured here, naming the command that would measure it', () => {
    const t = claimsTable(run);
    expect(t.rows.map((r) => r.claim)).toEqual([1, 2, 3, 4, 5]);
    for (const r of t.rows) {
      expect(r.measured).toBe(false);
      expect(r.verdict).toBe('not measured');
      expect(r.figures).toEqual([]);
      expect(r.command).toMatch(/^npm run bench -- --workload \w+/);
    }
    expect(t.rows[0].command).toBe('npm run bench -- --workload scale');
    expect(t.rows[1].command).toBe('npm run bench -- --workload overhead');
    expect(t.allCommand).toBe('npm run bench -- --claims');
    expect(t.threads).toBe(run.settings.threads);
    expect(t.machine).toContain(run.environment.cpuModel);
  });

  it('says when this version of the bench has no workload for a claim yet', () => {
    const [, two, , four] = claimsTable(run).rows;
    expect(two.note).toBeNull(); // overhead exists
    expect(four.note).toBeNull(); // query and threads exist
  });

  it('a workload plugs its claim in with one function keyed by the claim', () => {
    const tokenize: ClaimMeasure = () => ({
      figures: [{ label: 'Rust tokenizers, batched', unit: 's/GB', estimate: { value: 12, ciLow: 11, ciHigh: 13, level: 0.97, method: 'order-statistic' } }],
      verdict: 'holds',
      rule: 'under 20 s/GB: the whole interval below 20',
      note: null,
    });
    const three = claimsTable(run, { ...CLAIM_MEASURES, 3: tokenize }).rows[2];
    expect(three).toMatchObject({ claim: 3, measured: true, verdict: 'holds', rule: 'under 20 s/GB: the whole interval below 20', workload: 'tokenize' });
    expect(three.figures[0].estimate.value).toBe(12);
    // a measure that finds nothing in the run leaves the row not measured
    expect(claimsTable(run, { 3: () => null }).rows[2].verdict).toBe('not measured');
  });
});
