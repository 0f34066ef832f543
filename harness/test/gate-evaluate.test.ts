import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../src/analysis/gate/evaluate.js';
import { resolveCheckConfig, thresholdFor } from '../src/config/check.js';
import { IncomparableError } from '../src/errors.js';
import { renderGateMarkdown } from '../src/report/gate-markdown.js';
import { summarize } from '../src/analysis/summarize.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const base = summarize(syntheticRun([{ id: 'py', name: 'Python' }, { id: 'rs', name: 'Rust' }], 1, 'base'));

describe('evaluateGate(baseline, candidate)', () => {
  it('A/A from the same distribution: exit 0, no regression', () => {
    const cand = summarize(syntheticRun([{ id: 'py', name: 'Python' }, { id: 'rs', name: 'Rust' }], 2, 'cand'));
    const r = evaluateGate(base, cand, { resamples: 2000 });
    expect(r.regressions).toBe(0);
    expect(r.exitCode).toBe(0);
    expect(r.headline).toMatch(/^PASS/);
    expect(new Set(r.verdicts.map((v) => v.metric))).toEqual(
      new Set(['wall', 'stage:startup', 'stage:model_load', 'stage:read', 'stage:chunk', 'stage:embed', 'stage:upsert', 'throughput:embed', 'peak_rss']),
    );
  });

  it('embed 30% slower: regression on embed, end to end and throughput; exit 1', () => {
    const cand = summarize(
      syntheticRun([{ id: 'py', name: 'Python', stages: { startup: 100, model_load: 200, read: 20, chunk: 30, embed: 1300, upsert: 150 } }, { id: 'rs', name: 'Rust' }], 3, 'cand'),
    );
    const r = evaluateGate(base, cand, { resamples: 2000 });
    const bad = r.verdicts.filter((v) => v.verdict === 'regression').map((v) => `${v.pipelineId}/${v.metric}`);
    expect(bad).toEqual(['py/wall', 'py/stage:embed', 'py/throughput:embed']);
    expect(r.exitCode).toBe(1);
  });

  it('a per-pipeline override raises the threshold for that pipeline only', () => {
    const config = resolveCheckConfig({ overrides: [{ pipeline: 'py', metric: 'stage:embed', threshold: 0.5 }, { metric: 'memory', threshold: 0.3 }] });
    expect(thresholdFor(config, 'py', 'stage:embed')).toBe(0.5);
    expect(thresholdFor(config, 'rs', 'stage:embed')).toBe(0.1);
    expect(thresholdFor(config, 'rs', 'peak_rss')).toBe(0.3);
  });

  it('different workload: refuses, naming the fields, even with --allow-different-env', () => {
    const cand = summarize(syntheticRun([{ id: 'py' }], 2, 'cand'));
    cand.settings = { ...cand.settings, chunkSize: 500, mode: 'stub' };
    expect(() => evaluateGate(base, cand, { allowDifferentEnv: true })).toThrow(IncomparableError);
    try {
      evaluateGate(base, cand);
    } catch (e) {
      expect((e as IncomparableError).reasons).toEqual(['different workload: chunkSize: baseline 1000, candidate 500', 'different workload: mode: baseline full, candidate stub']);
    }
  });

  it('different machine: refuses naming the fields unless allowed', () => {
    const cand = summarize(syntheticRun([{ id: 'py' }, { id: 'rs' }], 2, 'cand'));
    cand.environment = { ...cand.environment, fingerprint: 'other', cpuCount: 4 };
    expect(() => evaluateGate(base, cand)).toThrow(/environment.cpuCount: baseline 2, candidate 4/);
    const r = evaluateGate(base, cand, { allowDifferentEnv: true, resamples: 500 });
    expect(r.notes.join()).toMatch(/compared across machines/);
  });

  it('too few samples: no verdict and exit 2, never a pass', () => {
    const few = summarize(syntheticRun([{ id: 'py', measured: 3 }, { id: 'rs', measured: 3 }], 2, 'cand'));
    const r = evaluateGate(base, few, { resamples: 500 });
    expect(r.exitCode).toBe(2);
    expect(r.headline).toMatch(/NO VERDICT/);
  });

  it('a candidate pipeline with failed iterations fails the gate', () => {
    const cand = summarize(syntheticRun([{ id: 'py', failed: 2 }, { id: 'rs' }], 2, 'cand'));
    const r = evaluateGate(base, cand, { resamples: 500 });
    expect(r.exitCode).toBe(1);
    expect(r.problems).toContainEqual({ kind: 'failed-iterations', pipelineId: 'py', message: 'py: 2 failed iteration(s) in the candidate run' });
  });

  it('no pipeline in common: incomparable', () => {
    const cand = summarize(syntheticRun([{ id: 'go' }], 2, 'cand'));
    expect(() => evaluateGate(base, cand)).toThrow(/no pipeline in common/);
  });

  it('the Markdown table escapes pipeline names', () => {
    const cand = summarize(syntheticRun([{ id: 'py', name: '<script>alert(1)</script> | x' }, { id: 'rs' }], 2, 'cand'));
    const md = renderGateMarkdown(evaluateGate(base, cand, { resamples: 500 }));
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\| x');
    expect(md).toMatch(/\| ratio \[95% CI\] \|/);
  });
});
