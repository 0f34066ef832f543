import { describe, expect, it } from 'vitest';
import { summarize } from '../src/summarize.js';
import { excludes } from '../src/stats/index.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

describe('summarize(run)', () => {
  const run = summarize(
    syntheticRun([
      { id: 'python', name: 'Python (LangChain)', baseline: true },
      { id: 'rust', name: 'Rust (Candle)', stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 500, upsert: 150 }, peakRssMiB: 150 },
      { id: 'ts', name: 'TypeScript', failed: 2 },
    ]),
  );

  it('summarises only measured, successful iterations (cold and warmup apart)', () => {
    const py = run.summaries.find((s) => s.pipelineId === 'python')!;
    expect(py.measured).toBe(10);
    expect(py.metrics.wall.n).toBe(10);
    expect(py.cold?.kind).toBe('cold');
    const ts = run.summaries.find((s) => s.pipelineId === 'ts')!;
    expect(ts.failed).toBe(2);
    expect(ts.metrics.wall.n).toBe(10);
  });

  it('has wall, every stage, embed throughput, tokens/s and peak RSS', () => {
    const keys = Object.keys(run.summaries[0].metrics);
    expect(keys).toEqual([
      'wall', 'stage:startup', 'stage:model_load', 'stage:read', 'stage:chunk', 'stage:embed', 'stage:upsert',
      'throughput:embed', 'tokens_per_s:embed', 'peak_rss',
    ]);
    const embedMs = run.summaries[0].metrics['stage:embed'].median;
    expect(run.summaries[0].metrics['throughput:embed'].median).toBeCloseTo(400 / (embedMs / 1000), -1);
  });

  it('ratios: every candidate vs the baseline, > 1 = candidate better, with a CI', () => {
    const rustWall = run.ratios.find((r) => r.candidateId === 'rust' && r.metric === 'wall')!;
    expect(rustWall.baselineId).toBe('python');
    // python 1505 ms vs rust 805 ms
    expect(rustWall.speedup.value).toBeGreaterThan(1.7);
    expect(rustWall.speedup.value).toBeLessThan(2.05);
    expect(excludes(rustWall.speedup, 1)).toBe(true);
    const thr = run.ratios.find((r) => r.candidateId === 'rust' && r.metric === 'throughput:embed')!;
    expect(thr.speedup.value).toBeGreaterThan(1.8); // higher throughput = better = ratio > 1
    const rss = run.ratios.find((r) => r.candidateId === 'rust' && r.metric === 'peak_rss')!;
    expect(rss.speedup.value).toBeCloseTo(2, 0); // half the memory
    expect(run.ratios.some((r) => r.candidateId === 'python')).toBe(false);
    expect(new Set(run.ratios.map((r) => r.candidateId))).toEqual(new Set(['rust', 'ts']));
  });

  it('marks a pipeline unverified when the store held a different number of points', () => {
    const raw = syntheticRun([{ id: 'a', baseline: true }, { id: 'b' }]);
    const bad = raw.iterations.find((it) => it.pipelineId === 'b' && it.kind === 'measured')!;
    bad.storedPoints = 399;
    const s = summarize(raw).summaries.find((x) => x.pipelineId === 'b')!;
    expect(s.verified).toBe(false);
    expect(s.verificationNotes.join()).toMatch(/held 399 points, the pipeline reported 400/);
  });

  it('marks a pipeline unverified when its chunk hash differs from the baseline', () => {
    const raw = syntheticRun([{ id: 'a', baseline: true }, { id: 'b' }]);
    raw.equivalence = { chunkHashes: { a: 'aaaa', b: 'bbbb' }, chunksEqual: false, minCosine: { 'a|b': 0.9999 }, top10Agree: 5, top10Queries: 5, passed: false, notes: [] };
    const [a, b] = summarize(raw).summaries;
    expect(a.verified).toBe(true);
    expect(b.verified).toBe(false);
  });

  it('is deterministic (seeded bootstrap)', () => {
    const raw = syntheticRun([{ id: 'a' }, { id: 'b' }], 5);
    expect(JSON.stringify(summarize(raw))).toBe(JSON.stringify(summarize(raw)));
  });
});
