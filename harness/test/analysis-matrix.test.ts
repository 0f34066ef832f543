/** The language x engine matrix and its two derived answers, on a synthetic run whose true values are known (fixtures/matrix-run.ts). */
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { matrixRun } from './fixtures/matrix-run.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const m = matrixRun().matrix!;
const cell = (language: string, engine: string) => m.cells.find((c) => c.language === language && c.engine === engine)!;

describe('language x engine matrix: the cells', () => {
  it('rows are languages, columns engines, in the order the pipelines name them; every pair is a cell', () => {
    expect(m.languages).toEqual(['Python', 'Rust', 'TypeScript']);
    expect(m.engines).toEqual(['libtorch', 'Candle', 'ONNX Runtime', 'ONNX Runtime (wasm)']);
    expect(m.cells).toHaveLength(12);
  });

  it('a measured cell holds the medians of end to end and tokens/s with their order-statistic intervals', () => {
    const [member] = cell('Rust', 'Candle').members;
    expect(member.pipelineId).toBe('rust');
    if (member.outcome.kind !== 'measured') throw new Error(`measured expected, got ${member.outcome.kind}`);
    expect(member.outcome.runs).toBe(10);
    expect(member.outcome.wall.value).toBeCloseTo(50 + 200 + 20 + 30 + 800 + 150 + 5, -2);
    expect(member.outcome.wall.method).toBe('order-statistic');
    expect(member.outcome.wall.ciLow).toBeLessThan(member.outcome.wall.value);
    expect(member.outcome.tokensPerSecond!.value).toBeCloseTo(60_000 / 0.8, -3);
  });

  it('an empty cell says why: not buildable here (with the reason), not in this run, or no pipeline at all', () => {
    expect(cell('Rust', 'libtorch').members.map((x) => x.outcome)).toEqual([{ kind: 'not-buildable', message: 'libtorch 2.13 not found' }]);
    expect(cell('TypeScript', 'ONNX Runtime (wasm)').members[0].outcome.kind).toBe('not-selected');
    expect(cell('TypeScript', 'libtorch').members).toEqual([]);
  });

  it('a run whose pipelines declare no language or engine has no matrix', () => {
    expect(summarize(syntheticRun([{ id: 'a' }, { id: 'b' }])).matrix).toBeNull();
  });
});

describe('language x engine matrix: what the language and the engine cost', () => {
  it('"what the language costs": same engine, other languages, against the one in the reference pipeline\'s language', () => {
    const language = m.comparisons.filter((c) => c.question === 'language');
    expect(language.map((c) => [c.shared, c.candidateId, c.anchorId])).toEqual([
      ['ONNX Runtime', 'ts', 'python-ort'],
      ['ONNX Runtime', 'rust-ort', 'python-ort'],
    ]);
    const rustOrt = language[1].parts;
    // the same embed time: no significant difference; outside embed Rust is far faster
    expect(rustOrt.embed!.significant).toBe(false);
    expect(rustOrt.embed!.factor.ciLow).toBeLessThan(1);
    expect(rustOrt.embed!.factor.ciHigh).toBeGreaterThan(1);
    expect(rustOrt['non-inference']!.factor.value).toBeCloseTo((2000 + 400 + 5) / (50 + 400 + 5), 0);
    expect(rustOrt['non-inference']!.significant).toBe(true);
    expect(rustOrt.wall!.factor.value).toBeCloseTo((2000 + 900 + 5) / (50 + 900 + 5), 0);
  });

  it('"what the engine costs": same language, other engines, against the one on the reference pipeline\'s engine (else the first)', () => {
    const engine = m.comparisons.filter((c) => c.question === 'engine');
    expect(engine.map((c) => [c.shared, c.candidateId, c.anchorId, c.candidateSide, c.anchorSide])).toEqual([
      ['Python', 'python-ort', 'python', 'ONNX Runtime', 'libtorch'],
      ['Rust', 'rust-ort', 'rust', 'ONNX Runtime', 'Candle'],
    ]);
    const pythonOrt = engine[0].parts;
    expect(pythonOrt.embed!.factor.value).toBeCloseTo(1000 / 500, 1);
    expect(pythonOrt.embed!.significant).toBe(true);
    expect(pythonOrt['non-inference']!.significant).toBe(false);
  });

  it('every comparison x part is one Bonferroni family; the intervals are at 1 - alpha', () => {
    expect(m.family).toMatchObject({ tests: 12, correction: 'bonferroni', reachable: true, fewestRuns: 6 });
    expect(m.family.alpha).toBeCloseTo(0.05 / 12, 10);
    const part = m.comparisons[0].parts.wall!;
    expect(part.factor.level).toBeGreaterThanOrEqual(1 - m.family.alpha);
    expect(part.runs).toEqual([10, 10]);
  });

  it('with too few runs for the family nothing is significant, and the fewest runs that can be are named', () => {
    const few = matrixRun(5).matrix!;
    expect(few.family.reachable).toBe(false);
    expect(few.family.fewestRuns).toBe(6);
    expect(few.comparisons.flatMap((c) => Object.values(c.parts)).some((p) => p?.significant)).toBe(false);
  });
});
