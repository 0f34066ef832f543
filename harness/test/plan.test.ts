import { describe, expect, it } from 'vitest';
import { planIterations } from '../src/run/plan.js';
import type { PipelineSpec } from '../src/types.js';

const p = (id: string, extra: Partial<PipelineSpec> = {}): PipelineSpec => ({ id, name: id, command: ['x'], ...extra });
const rounds = (plan: ReturnType<typeof planIterations>) => {
  const out: string[][] = [];
  for (const item of plan) out[item.index] = [...(out[item.index] ?? []), item.pipeline.id];
  return out;
};

describe('iteration plan', () => {
  it('runs every pipeline once per round; the first process of each is its first run', () => {
    const plan = planIterations([p('a'), p('b'), p('c')], 2, 2, 1);
    expect(plan.map((i) => i.kind)).toEqual([...Array(3).fill('first'), ...Array(3).fill('warmup'), ...Array(6).fill('measured')]);
    for (const round of rounds(plan)) expect([...round].sort()).toEqual(['a', 'b', 'c']);
  });

  it('without warmup every run is measured', () => {
    expect(planIterations([p('a')], 0, 2, 1).map((i) => i.kind)).toEqual(['measured', 'measured']);
  });

  it('shuffles the order per round with the seed: reproducible, and no pipeline always follows the same one', () => {
    const pipes = [p('python'), p('rust'), p('ts')];
    const plan = planIterations(pipes, 1, 10, 42);
    expect(planIterations(pipes, 1, 10, 42)).toEqual(plan);
    expect(rounds(planIterations(pipes, 1, 10, 43))).not.toEqual(rounds(plan));
    const predecessors = new Map<string, Set<string>>();
    plan.forEach((item, i) => {
      if (i === 0) return;
      const set = predecessors.get(item.pipeline.id) ?? new Set();
      set.add(plan[i - 1].pipeline.id);
      predecessors.set(item.pipeline.id, set);
    });
    for (const id of ['python', 'rust', 'ts']) expect([...predecessors.get(id)!].sort()).toEqual(['python', 'rust', 'ts'].filter((x) => x !== id));
    expect(new Set(rounds(plan).map((r) => r[0])).size).toBe(3); // each one opens some round
  });

  it("runs a gate's baseline copy and its candidate back to back in ABBA order", () => {
    const pipes = [p('rust-baseline', { baselineCopyOf: 'rust' }), p('rust'), p('ts-baseline', { baselineCopyOf: 'ts' }), p('ts')];
    for (const round of rounds(planIterations(pipes, 0, 6, 7)).entries()) {
      const [index, ids] = round;
      for (const id of ['rust', 'ts']) {
        const at = ids.indexOf(`${id}-baseline`);
        const pair = index % 2 === 0 ? [`${id}-baseline`, id] : [id, `${id}-baseline`];
        const first = Math.min(at, ids.indexOf(id));
        expect(ids.slice(first, first + 2)).toEqual(pair);
      }
    }
  });
});
