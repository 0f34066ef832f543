/**
 * `--claims` and the threads part (run/claims-plan.ts, run/claims.ts): planned before the query
 * part with the threads workload's own settings (thread counts 1 to the cores, 1 warmup + 5
 * measured runs, 3 with --quick), and the claims run's summary carries the part's section so
 * claim 4's row reads it.
 */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { claimsParts, partSettings } from '../src/run/claims-plan.js';
import { claimsSummary } from '../src/run/claims.js';
import type { ThreadsAnalysis } from '../src/types.js';
import { syntheticRun } from './fixtures/synthetic-run.js';
import { fakePipeline, writeTestConfig } from './helpers.js';

const plan = (...flags: string[]) =>
  claimsParts(parseBenchArgs(['--config', writeTestConfig([fakePipeline('a'), fakePipeline('b')], { mode: 'full' }), '--claims', ...flags])!);
const cores = os.availableParallelism();

describe('--claims: the threads part', () => {
  it('runs after scale and before query, at 1 to the cores, 1 warmup + 5 measured runs (3 with --quick)', () => {
    const parts = plan();
    const i = parts.findIndex((p) => p.workload === 'threads');
    expect(i).toBeGreaterThan(parts.findIndex((p) => p.workload === 'scale'));
    const t = parts[i].config;
    expect(t.workload).toBe('threads');
    expect(t.threadCounts).toEqual(Array.from({ length: cores }, (_, k) => k + 1));
    expect([t.warmup, t.iterations]).toEqual([1, 5]);
    const quick = plan('--quick').find((p) => p.workload === 'threads')!.config;
    expect([quick.warmup, quick.iterations, quick.corpus.subset]).toEqual([1, 3, 'quick']);
    expect(plan('--threads', '1').find((p) => p.workload === 'threads')!.config.threadCounts).toEqual([1]);
  });

  it('carries the query settings for its query part: one process per count and round for the set "query", the quick passes with --quick', () => {
    const speaking = (...flags: string[]) =>
      claimsParts(
        parseBenchArgs(['--config', writeTestConfig([fakePipeline('a'), fakePipeline('b')], { mode: 'full', sets: { query: ['b'] } }), '--claims', ...flags])!,
      ).find((p) => p.workload === 'threads')!;
    const t = speaking();
    expect(t.config.query).toMatchObject({ concurrency: [1, 4, 16], passes: 3, speakers: ['b'] });
    expect([t.config.warmup, t.config.iterations]).toEqual([1, 5]); // the threads workload's runs, not the query workload's
    expect(partSettings(t)).toMatch(/1 warmup \+ 5 runs per count; the query job at concurrency 16, 3 pass\(es\) of \d+ texts, 5 processes per count$/);
    expect(speaking('--quick').config.query!.passes).toBe(1);
    expect(partSettings(plan().find((p) => p.workload === 'threads')!)).not.toContain('query');
  });

  it("the claims run's summary carries the threads part's section", () => {
    const threads = { counts: [1, 2], verdict: 'inconclusive' } as unknown as ThreadsAnalysis;
    const part = (workload: string, extra = {}) => ({
      workload,
      runDir: workload,
      status: 'complete' as const,
      ms: 1,
      summary: { ...syntheticRun([{ id: 'a' }]), ...extra },
    });
    const s = claimsSummary('r', 't', [part('overhead'), part('threads', { threads })], 'complete');
    expect(s.threads).toBe(threads);
    expect(claimsSummary('r', 't', [part('overhead')], 'complete').threads).toBeNull();
  });
});
