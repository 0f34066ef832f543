import { describe, expect, it } from 'vitest';
import { evaluateInterleaved, interleavePairs, splitInterleaved } from '../src/analysis/gate/interleaved.js';
import { measureNoise, pairsOfRuns } from '../src/analysis/gate/noise.js';
import { renderNoiseMarkdown } from '../src/report/gate-markdown.js';
import { summarize } from '../src/analysis/summarize.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

describe('A/A noise and suggested thresholds', () => {
  it('noisier runs give larger suggested thresholds, never below 2%', () => {
    const quiet = [1, 2, 3].map((seed) => summarize(syntheticRun([{ id: 'p', noise: 0.005 }], seed, `q${seed}`)));
    const noisy = [1, 2, 3].map((seed) => summarize(syntheticRun([{ id: 'p', noise: 0.15 }], seed, `n${seed}`)));
    const q = measureNoise(pairsOfRuns(quiet), 500);
    const n = measureNoise(pairsOfRuns(noisy), 500);
    expect(pairsOfRuns(quiet)).toHaveLength(3);
    expect(q.suggestedConfig.thresholds.time).toBe(0.02);
    expect(n.suggestedConfig.thresholds.time).toBeGreaterThan(q.suggestedConfig.thresholds.time);
    const wall = n.rows.find((r) => r.metric === 'wall')!;
    expect(wall.pairs).toBe(3);
    expect(wall.suggested).toBeCloseTo(Math.max(0.02, Math.ceil(wall.maxChange * 1.5 * 100) / 100), 10);
    expect(renderNoiseMarkdown(n, 3)).toMatch(/"check": \{/);
  });
});

describe('same-machine mode: one run holding <id>-baseline copies', () => {
  it('interleaves each baseline copy right before its candidate, one reference pipeline', () => {
    const plan = interleavePairs(
      [{ id: 'py', name: 'Py', command: ['x'], reference: true }, { id: 'rs', name: 'Rs', command: ['y'] }],
      [{ id: 'py-baseline', name: 'Py old', command: ['x0'] }, { id: 'rs-baseline', name: 'Rs old', command: ['y0'] }],
    );
    expect(plan.map((p) => p.id)).toEqual(['py-baseline', 'py', 'rs-baseline', 'rs']);
    expect(plan.filter((p) => p.reference).map((p) => p.id)).toEqual(['py']);
  });

  it('splits into baseline and candidate views matched by id, and judges them', () => {
    const run = summarize(
      syntheticRun([
        { id: 'py-baseline', name: 'Py [baseline]' },
        { id: 'py', name: 'Py', stages: { startup: 100, model_load: 200, read: 20, chunk: 30, embed: 1500, upsert: 150 } },
      ]),
    );
    const { baseline, candidate } = splitInterleaved(run);
    expect(baseline.summaries.map((s) => s.pipelineId)).toEqual(['py']);
    expect(candidate.summaries.map((s) => s.pipelineId)).toEqual(['py']);
    const report = evaluateInterleaved(run, { resamples: 500 });
    expect(report.mode).toBe('same-machine');
    expect(report.verdicts.find((v) => v.metric === 'stage:embed')!.verdict).toBe('regression');
    expect(() => splitInterleaved(summarize(syntheticRun([{ id: 'py' }])))).toThrow(/no baseline copies/);
  });
});
