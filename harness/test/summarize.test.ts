import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const run = summarize(
  syntheticRun([
    { id: 'python', name: 'Python (LangChain)', reference: true },
    { id: 'rust', name: 'Rust (Candle)', stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 500, upsert: 150 }, peakRssMiB: 150 },
    { id: 'ts', name: 'TypeScript', failed: 2 },
  ]),
);

describe('summarize(run)', () => {
  it('summarises only measured, successful iterations (the first run and warmups apart)', () => {
    const py = run.summaries.find((s) => s.pipelineId === 'python')!;
    expect(py.measured).toBe(10);
    expect(py.metrics.wall.n).toBe(10);
    expect(py.first?.kind).toBe('first');
    const ts = run.summaries.find((s) => s.pipelineId === 'ts')!;
    expect(ts.failed).toBe(2);
    expect(ts.metrics.wall.n).toBe(10);
  });

  it('has wall, every stage, embed throughput, tokens/s and peak RSS', () => {
    const keys = Object.keys(run.summaries[0].metrics);
    expect(keys).toEqual([
      'wall',
      'stage:startup',
      'stage:model_load',
      'stage:read',
      'stage:chunk',
      'stage:embed',
      'stage:upsert',
      'throughput:embed',
      'tokens_per_s:embed',
      'peak_rss',
    ]);
    const embedMs = run.summaries[0].metrics['stage:embed'].median;
    expect(run.summaries[0].metrics['throughput:embed'].median).toBeCloseTo(400 / (embedMs / 1000), -1);
  });

  it('ratios: every candidate vs the reference pipeline, > 1 = candidate better, with a CI', () => {
    const rustWall = run.ratios.find((r) => r.candidateId === 'rust' && r.metric === 'wall')!;
    expect(rustWall.referenceId).toBe('python');
    // python 1505 ms vs rust 805 ms
    expect(rustWall.factor.value).toBeGreaterThan(1.7);
    expect(rustWall.factor.value).toBeLessThan(2.05);
    expect(rustWall.significant).toBe(true);
    expect(rustWall.role).toBe('primary');
    expect(rustWall.factor.ciLow).toBeGreaterThan(1);
    const thr = run.ratios.find((r) => r.candidateId === 'rust' && r.metric === 'throughput:embed')!;
    expect(thr.factor.value).toBeGreaterThan(1.8); // higher throughput = better = ratio > 1
    const rss = run.ratios.find((r) => r.candidateId === 'rust' && r.metric === 'peak_rss')!;
    expect(rss.factor.value).toBeCloseTo(2, 0); // half the memory
    expect(run.ratios.some((r) => r.candidateId === 'python')).toBe(false);
    expect(new Set(run.ratios.map((r) => r.candidateId))).toEqual(new Set(['rust', 'ts']));
  });
});

describe('summarize(run): verification', () => {
  it('marks a pipeline unverified, once, when an iteration failed its point count', () => {
    const raw = syntheticRun([{ id: 'a', reference: true }, { id: 'b' }]);
    const bad = raw.iterations.find((it) => it.pipelineId === 'b' && it.kind === 'measured')!;
    Object.assign(bad, {
      status: 'failed',
      storedPoints: 399,
      failure: { kind: 'verification', message: 'the collection holds 399 points, the pipeline reported 400' },
    });
    const s = summarize(raw).summaries.find((x) => x.pipelineId === 'b')!;
    expect(s.verified).toBe(false);
    expect(s.verificationProblems).toEqual([
      { kind: 'point-count', pipelineId: 'b', message: `iteration ${bad.index}: the collection holds 399 points, the pipeline reported 400` },
    ]);
  });

  it('marks a pipeline unverified when the equivalence proof names it, and only that one', () => {
    const raw = syntheticRun([{ id: 'a', reference: true }, { id: 'b' }]);
    raw.equivalence = {
      ...raw.equivalence!,
      chunkHashes: { a: 'aaaa', b: 'bbbb' },
      chunksEqual: false,
      passed: false,
      problems: [{ kind: 'chunks', pipelineId: 'b', message: "chunks differ from a's" }],
    };
    const [a, b] = summarize(raw).summaries;
    expect(a.verified).toBe(true);
    expect(b.verified).toBe(false);
    expect(b.verificationProblems.map((p) => p.kind)).toEqual(['chunks']);
  });

  it('a pipeline that took no part in the proof is not verified', () => {
    const raw = syntheticRun([{ id: 'a', reference: true }, { id: 'b' }]);
    raw.equivalence = null;
    expect(summarize(raw).summaries.map((s) => s.verificationProblems.map((p) => p.kind))).toEqual([['not-proven'], ['not-proven']]);
  });

  it('is deterministic (seeded bootstrap)', () => {
    const raw = syntheticRun([{ id: 'a' }, { id: 'b' }], 5);
    expect(JSON.stringify(summarize(raw))).toBe(JSON.stringify(summarize(raw)));
  });
});
