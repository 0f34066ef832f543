import { describe, expect, it } from 'vitest';
import { runPlannedProcesses } from '../src/run/job-steps.js';
import { planIterations } from '../src/run/plan.js';
import type { PipelineSpec } from '../src/types.js';

// Made-up specs: only the ids reach the plan; nothing is spawned here.
const specs = ['a', 'b'].map((id) => ({ id }) as PipelineSpec);
const plan = planIterations(specs, 0, 2, 7); // 4 processes

describe("the loop over a job's planned processes (query, tokenize, the threads query part)", () => {
  it('records every process in plan order and writes the results after each one', async () => {
    const written: number[] = [];
    const done = await runPlannedProcesses(
      plan,
      undefined,
      async (item, i, sofar) => `${i}:${item.pipeline.id}:${sofar.length}`,
      (sofar) => written.push(sofar.length),
    );
    expect(done).toEqual(plan.map((item, i) => `${i}:${item.pipeline.id}:${i}`));
    expect(written).toEqual([1, 2, 3, 4]);
  });

  it('stops at a process that did not finish (null), keeping the ones before it', async () => {
    const written: number[] = [];
    const done = await runPlannedProcesses(
      plan,
      undefined,
      async (_item, i) => (i === 2 ? null : { i }),
      (sofar) => written.push(sofar.length),
    );
    expect(done).toEqual([{ i: 0 }, { i: 1 }]);
    expect(written).toEqual([1, 2]);
  });

  it('starts no process after Ctrl-C', async () => {
    const abort = new AbortController();
    const started: number[] = [];
    const done = await runPlannedProcesses(plan, abort.signal, async (_item, i) => {
      started.push(i);
      if (i === 1) abort.abort();
      return { i };
    });
    expect(started).toEqual([0, 1]);
    expect(done).toEqual([{ i: 0 }, { i: 1 }]);
  });
});
