import { describe, expect, it } from 'vitest';
import { planIterations } from '../src/run/plan.js';

const p = (id: string) => ({ id, name: id, command: ['x'] });

describe('iteration plan', () => {
  it('interleaves pipelines round by round; the first process of each is its first run', () => {
    const plan = planIterations([p('a'), p('b'), p('c')], 2, 2);
    expect(plan.map((i) => `${i.pipeline.id}${i.index}:${i.kind}`)).toEqual([
      'a0:first', 'b0:first', 'c0:first',
      'a1:warmup', 'b1:warmup', 'c1:warmup',
      'a2:measured', 'b2:measured', 'c2:measured',
      'a3:measured', 'b3:measured', 'c3:measured',
    ]);
  });
  it('without warmup every run is measured', () => {
    expect(planIterations([p('a')], 0, 2).map((i) => i.kind)).toEqual(['measured', 'measured']);
  });
});
