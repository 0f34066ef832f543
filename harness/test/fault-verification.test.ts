import { describe, expect, it } from 'vitest';
import { benchWithFakes, fakePipeline } from './helpers.js';

describe('verification failures', () => {
  it('a stored point count that differs from the reported one fails the iteration', async () => {
    const { summary, exitCode } = await benchWithFakes([fakePipeline('a'), fakePipeline('short', { FAKE_DROP_POINTS: '2' })]);
    const short = summary.iterations.find((i) => i.pipelineId === 'short')!;
    expect(short.status).toBe('failed');
    expect(short.failure).toEqual({
      kind: 'verification',
      message: `the collection holds ${short.counts!.points - 2} points, the pipeline reported ${short.counts!.points}`,
    });
    expect(short.storedPoints).toBe(short.counts!.points - 2);
    const problems = summary.summaries.find((s) => s.pipelineId === 'short')!.verificationProblems;
    // one problem for one point-count failure (it was noted twice before)
    expect(problems.filter((p) => p.kind === 'point-count')).toHaveLength(1);
    expect(summary.summaries.find((s) => s.pipelineId === 'short')!.verified).toBe(false);
    expect(exitCode).toBe(1);
  });

  it('identical work passes the equivalence proof', async () => {
    const { summary, exitCode } = await benchWithFakes([fakePipeline('a'), fakePipeline('b', { FAKE_SPEED: '2' })]);
    const eq = summary.equivalence!;
    expect(eq.passed).toBe(true);
    expect(eq.chunkHashes.a).toBe(eq.chunkHashes.b);
    expect(eq.minCosine['a|b']).toBeGreaterThan(0.9999);
    expect(eq.top10Agree).toBe(eq.top10Queries);
    expect(eq.top10Queries).toBe(10);
    expect(summary.summaries.every((s) => s.verified)).toBe(true);
    expect(exitCode).toBe(0);
  });

  it('different vectors fail the cosine and top-10 checks, and that pipeline is marked', async () => {
    const { summary, exitCode } = await benchWithFakes([fakePipeline('a'), fakePipeline('off', { FAKE_PERTURB: '1' })]);
    const eq = summary.equivalence!;
    expect(eq.passed).toBe(false);
    expect(new Set(eq.problems.map((p) => p.pipelineId))).toEqual(new Set(['off']));
    expect(new Set(eq.problems.map((p) => p.kind))).toEqual(new Set(['vectors', 'top10']));
    expect(eq.chunksEqual).toBe(true);
    expect(eq.minCosine['a|off']).toBeLessThan(0.999);
    expect(eq.top10Agree).toBeLessThan(eq.top10Queries);
    const off = summary.summaries.find((s) => s.pipelineId === 'off')!;
    expect(off.verified).toBe(false);
    expect(off.verificationProblems.map((p) => p.message).join(' ')).toMatch(/lowest cosine to a's vectors/);
    expect(summary.summaries.find((s) => s.pipelineId === 'a')!.verified).toBe(true);
    expect(exitCode).toBe(1);
  });
});
