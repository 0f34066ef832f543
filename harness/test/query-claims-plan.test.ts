/**
 * `--claims` and the query part (run/claims-plan.ts): planned last when a pipeline of the run
 * speaks the job (the config's set "query"), with --quick's query settings; left out, not
 * failed, when none does (claim 4 then says "not measured").
 */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { claimsParts } from '../src/run/claims-plan.js';
import { fakePipeline, writeTestConfig } from './helpers.js';

const plan = (extra: Record<string, unknown>, ...flags: string[]) =>
  claimsParts(parseBenchArgs(['--config', writeTestConfig([fakePipeline('a'), fakePipeline('b')], { mode: 'full', ...extra }), '--claims', ...flags])!);

describe('--claims: the query part', () => {
  it('runs last, with the query settings of the run (--quick: 1 pass, 3 runs)', () => {
    const parts = plan({ sets: { query: ['b'] } }, '--quick');
    expect(parts.map((p) => p.workload)).toEqual(['overhead', 'threads', 'query']);
    const q = parts[2].config;
    expect(q.workload).toBe('query');
    expect([q.query!.passes, q.query!.speakers, q.warmup, q.iterations]).toEqual([1, ['b'], 0, 3]);
  });

  it('is left out when no pipeline of the run speaks the job', () => {
    expect(plan({}).map((p) => p.workload)).toEqual(['overhead', 'scale', 'threads']);
    expect(plan({ sets: { query: ['b'] } }, '--pipelines', 'a').map((p) => p.workload)).toEqual(['overhead', 'scale', 'threads']);
  });
});
