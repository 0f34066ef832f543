import { describe, expect, it } from 'vitest';
import type { EquivalenceProof } from '../src/types.js';
import { benchWithFakes, fakePipeline } from './helpers.js';

/** The pipelines the proof found a problem with. */
const failing = (eq: EquivalenceProof) => [...new Set(eq.problems.map((p) => p.pipelineId))];
const messages = (eq: EquivalenceProof) => eq.problems.map((p) => `${p.pipelineId}: ${p.message}`).join('\n');

describe('the equivalence proof sees every run, tokens and wait=true', () => {
  it("hashes every measured run's collection, metadata included, not only the last one", async () => {
    // 'meta' stores wrong chunk_index metadata in its first measured run only (index 0); its last run is right.
    const { summary, exitCode } = await benchWithFakes([fakePipeline('a'), fakePipeline('meta', { FAKE_ALTER_COLLECTION: '_meta_0' })], {
      warmup: 0,
      iterations: 2,
    });
    const eq = summary.equivalence!;
    expect(eq.chunkHashes.meta).toBe(eq.chunkHashes.a); // the kept (last) collections agree
    expect(eq.runsHashed).toEqual({ a: 2, meta: 2 });
    expect(failing(eq)).toEqual(['meta']);
    expect(messages(eq)).toMatch(/meta: its measured runs stored different points or payloads \(2 different content hashes\)/);
    expect(summary.summaries.find((s) => s.pipelineId === 'meta')!.verified).toBe(false);
    expect(exitCode).toBe(1);
  });

  it('fails a pipeline whose token count differs from the reference pipeline', async () => {
    const { summary } = await benchWithFakes([fakePipeline('a', { FAKE_TOKENS: '1200' }), fakePipeline('more', { FAKE_TOKENS: '1207' })]);
    const eq = summary.equivalence!;
    expect(eq.tokens).toEqual({ a: 1200, more: 1207 });
    expect(failing(eq)).toEqual(['more']);
    expect(messages(eq)).toMatch(/more: counted 1207 tokens, a 1200/);
  });

  it('fails a pipeline that made a write without wait=true, as the store counted it', async () => {
    const { summary } = await benchWithFakes([fakePipeline('a'), fakePipeline('nowait', { FAKE_NO_WAIT: '1' })]);
    const eq = summary.equivalence!;
    expect(eq.nonWaitingWrites!.a).toBe(0);
    expect(eq.nonWaitingWrites!.nowait).toBeGreaterThan(0);
    expect(failing(eq)).toEqual(['nowait']);
    expect(messages(eq)).toMatch(/nowait: made \d+ write\(s\) without wait=true/);
    const it = summary.iterations.find((i) => i.pipelineId === 'a')!;
    expect(it.writes!.waiting).toBeGreaterThan(0);
  });
});

describe('float32 throughout (contract rule 7)', () => {
  it('fails a pipeline whose collection stores its vectors as float16 (the cosine check alone would pass it)', async () => {
    const { summary } = await benchWithFakes([fakePipeline('a'), fakePipeline('half', { FAKE_DATATYPE: 'float16' })]);
    const eq = summary.equivalence!;
    expect(eq.minCosine['a|half']).toBeGreaterThan(0.999);
    expect(failing(eq)).toEqual(['half']);
    expect(messages(eq)).toMatch(/half: its vectors stored as float16; contract rule 7 asks for float32 throughout/);
  });
});
