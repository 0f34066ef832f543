/**
 * The query workload's analysis on made-up processes (analysis/query.ts): latency p50/p99 pooled
 * over measured runs, queries/s per run with the median's interval, the cold query apart, the
 * scaling per process, the answers check (one id of K may differ, a pipeline past it is named),
 * and claim 4's rule (holds / does not hold / inconclusive) held to each of its cases.
 */
import { describe, expect, it } from 'vitest';
import { queryAnalysis } from '../src/analysis/query.js';
import { checkAnswers } from '../src/analysis/query-answers.js';
import type { PipelineSpec, QueryProcess } from '../src/types.js';
import { madeUpRun } from './made-up-runs.js';

const TEXTS = ['a', 'b'];
const IDS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
];
const py: PipelineSpec = { id: 'py', name: 'Py', command: ['x'], language: 'Python', reference: true };
const rs: PipelineSpec = { id: 'rs', name: 'Rs', command: ['x'], language: 'Rust' };

/** A process whose level c1 runs at `q1` queries/s and c4 at `q4` (10 queries each, latencies 1..10 ms). */
function proc(pipelineId: string, index: number, q1: number, q4: number, extra: Partial<QueryProcess> = {}): QueryProcess {
  const level = (concurrency: number, qps: number) => ({ concurrency, queries: 10, busyMs: (10 / qps) * 1000, latenciesMs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
  return {
    ...madeUpRun(pipelineId, index),
    info: null,
    coldMs: 100 + index,
    levels: [level(1, q1), level(4, q4)],
    answers: IDS,
    queries: 21,
    wallMs: 1000,
    ...extra,
  };
}

const analyse = (processes: QueryProcess[]) =>
  queryAnalysis({
    processes,
    pipelines: [py, rs],
    notImplemented: [],
    texts: TEXTS,
    topK: 3,
    concurrency: [1, 4],
    passes: 5,
    threads: 2,
    cores: 2,
    index: null,
  });

describe('query analysis: figures per pipeline and level', () => {
  it('gives p50/p99 of the pooled latencies, the median qps with its interval, cold apart, scaling per process', () => {
    const q = analyse([
      proc('py', 0, 10, 11),
      proc('py', 1, 12, 12),
      proc('py', 2, 8, 10),
      proc('rs', 0, 10, 20),
      proc('rs', 1, 10, 19),
      proc('rs', 2, 10, 21),
    ]);
    const p = q.pipelines.find((x) => x.pipelineId === 'py')!;
    expect(p.levels[0]).toMatchObject({ concurrency: 1, runs: 3, latencies: 30, latencyP50Ms: 5.5 });
    expect(p.levels[0].latencyP99Ms).toBeCloseTo(10, 5);
    expect(p.levels[0].qps!.value).toBeCloseTo(10, 6);
    expect([p.levels[0].qps!.ciLow, p.levels[0].qps!.ciHigh].map((x) => Math.round(x))).toEqual([8, 12]);
    expect(p.levels[0].qps!.level).toBe(0.75); // 3 runs: their range, 75% coverage, never called 95%
    expect(p.coldMs!.value).toBe(101);
    // per process: 11/10, 12/12, 10/8 -> median 1.1
    expect(p.scaling!.value).toBeCloseTo(1.1, 6);
    expect(q.pipelines.find((x) => x.pipelineId === 'rs')!.scaling!.value).toBeCloseTo(2, 6);
  });

  it('leaves warmups and failed processes out of the figures, counting the failures', () => {
    const q = analyse([
      proc('py', 0, 100, 100, { kind: 'warmup' }),
      proc('py', 1, 10, 10),
      proc('py', 2, 1, 1, { status: 'failed', failure: { kind: 'protocol', message: 'x' }, answers: null }),
    ]);
    const p = q.pipelines[0];
    expect(p.levels[0].runs).toBe(1);
    expect(p.levels[0].qps!.value).toBeCloseTo(10, 6);
    expect(p.failedRuns).toBe(1);
  });
});

describe("claim 4's rule", () => {
  const rsRuns = (s: number[]) => s.map((x, i) => proc('rs', i, 10, 10 * x));
  const pyRuns = (s: number[]) => s.map((x, i) => proc('py', i, 10, 10 * x));

  it('holds when Rust scales more and its interval lies above Python’s', () => {
    const q = analyse([...pyRuns([1.0, 1.05, 1.1]), ...rsRuns([1.8, 1.9, 2.0])]);
    expect(q.verdict).toBe('holds');
    expect(q.basis).toEqual({ rustId: 'rs', pythonId: 'py' });
    expect(q.rule).toMatch(/about 2x/);
  });

  it('does not hold when Python scales as well or better', () => {
    expect(analyse([...pyRuns([1.8, 1.9, 2.0]), ...rsRuns([1.5, 1.6, 1.7])]).verdict).toBe('does not hold');
    expect(analyse([...pyRuns([1.9, 1.9, 1.9]), ...rsRuns([1.9, 1.9, 1.9])]).verdict).toBe('does not hold');
  });

  it('is inconclusive when the intervals overlap, with one run, or when answers differ', () => {
    expect(analyse([...pyRuns([1.0, 1.5, 1.9]), ...rsRuns([1.6, 1.7, 2.0])]).verdict).toBe('inconclusive');
    expect(analyse([...pyRuns([1.0]), ...rsRuns([2.0])]).verdict).toBe('inconclusive');
    const wrong = rsRuns([1.8, 1.9, 2.0]).map((p) => ({ ...p, answers: [['7', '8', '9'], IDS[1]] }));
    const q = analyse([...pyRuns([1.0, 1.05, 1.1]), ...wrong]);
    expect(q.agreement.disagreeing).toEqual(['rs']);
    expect(q.verdict).toBe('inconclusive');
  });
});

describe('query answers: the same neighbours', () => {
  const withAnswers = (id: string, answers: string[][]) => proc(id, 0, 1, 1, { answers });

  it('allows one id of K to differ, not two; names the pipeline and the text', () => {
    const oneOff = checkAnswers([withAnswers('py', IDS), withAnswers('rs', [['1', '2', '9'], IDS[1]])], TEXTS, [py, rs], 'py');
    expect(oneOff).toMatchObject({ passed: true, referenceId: 'py', disagreeing: [] });
    const twoOff = checkAnswers([withAnswers('py', IDS), withAnswers('rs', [IDS[0], ['4', '8', '9']])], TEXTS, [py, rs], 'py');
    expect(twoOff.passed).toBe(false);
    expect(twoOff.disagreeing).toEqual(['rs']);
    expect(twoOff.problems[0]).toMatch(/^rs run 0: text 1 \("b"\): 2 of 3 ids of py run 0 missing/);
  });

  it('takes the next pipeline as the reference when the preferred one has no answers; none at all fails', () => {
    const r = checkAnswers([proc('py', 0, 1, 1, { status: 'failed', answers: null }), withAnswers('rs', IDS)], TEXTS, [py, rs], 'py');
    expect(r).toMatchObject({ passed: true, referenceId: 'rs' });
    expect(checkAnswers([], TEXTS, [py, rs], 'py')).toMatchObject({ passed: false, problems: ['no pipeline finished a query run'] });
  });

  it('counts a shorter answer as a difference', () => {
    const r = checkAnswers([withAnswers('py', IDS), withAnswers('rs', [['1', '2'], IDS[1]])], TEXTS, [py, rs], 'py');
    expect(r.passed).toBe(false);
  });
});
