/**
 * The threads workload's analysis (analysis/threads.ts) on synthetic runs (a test double:
 * fixtures/synthetic-run.ts) whose true speed-ups are known: S(t) = time(1) / time(t) by the
 * stats layer's ratio (its exact coverage, never a nominal 95%), efficiency S / t, Bonferroni
 * over pipelines x counts above 1, and claim 4's threads rule (Rust's efficiency interval above
 * Python's). Also the twins the run side makes (run/threads.ts) and the claim 4 row.
 */
import { describe, expect, it } from 'vitest';
import { claim4 } from '../src/analysis/claims-threads.js';
import { THREADS_QUERY_METHOD, threadsAnalysis } from '../src/analysis/threads.js';
import type { QueryProcess } from '../src/query-types.js';
import { threadsMarkdownLines, threadsRows } from '../src/report/threads.js';
import { ratioInterval } from '../src/stats/index.js';
import { withThreadTwins } from '../src/run/threads.js';
import type { RunSummary } from '../src/types.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const STAGES = (embed: number) => ({ startup: 300, read: 20, chunk: 30, embed, upsert: 100 });

/** Rust's embed stage halves at 2 threads; Python's gains `pythonGain` (1: none). */
function run(pythonGain: number, measured = 6, noise = 0.02): RunSummary {
  const base = syntheticRun(
    [
      { id: 'python-t1', stages: STAGES(2000), measured, noise },
      { id: 'python-t2', stages: STAGES(2000 / pythonGain), measured, noise },
      { id: 'rust-t1', stages: STAGES(1000), measured, noise },
      { id: 'rust-t2', stages: STAGES(500), measured, noise },
    ],
    7,
  );
  const specs = withThreadTwins(
    [
      { id: 'python', name: 'Python', language: 'Python', engine: 'torch', command: ['py'], reference: true },
      { id: 'rust', name: 'Rust', language: 'Rust', engine: 'Candle', command: ['rs'] },
    ],
    [1, 2],
  );
  const iterations = base.iterations.map((it) => {
    const t = Number(it.pipelineId.slice(-1));
    return { ...it, pipelineInfo: { ...it.pipelineInfo!, threads: t } };
  });
  return { ...base, pipelines: specs, iterations, environment: { ...base.environment, cpuCount: 2 } };
}

/** A query process of the double's record (a test double): one level at c4 of 40 queries, its span `busyMs`. */
const queryProcess = (pipelineId: string, index: number, busyMs: number, status: 'ok' | 'failed' = 'ok'): QueryProcess => ({
  pipelineId,
  index,
  kind: 'measured',
  status,
  failure: null,
  info: null,
  wallMs: busyMs + 500,
  stderrFile: '',
  coldMs: 30,
  levels: status === 'ok' ? [{ concurrency: 4, queries: 40, busyMs, latenciesMs: Array(40).fill(busyMs / 10) }] : [],
  answers: [],
  queries: 41,
});

/** run(1.0) with a query part: Rust's spans halve at 2 threads, Python's stay; only Rust and Python speak the job. */
function withQueries(r: RunSummary, runs = 5): RunSummary {
  const spans: Record<string, number> = { 'rust-t1': 1000, 'rust-t2': 500, 'python-t1': 2000, 'python-t2': 1980 };
  const processes = Object.entries(spans).flatMap(([id, ms]) => Array.from({ length: runs }, (_, i) => queryProcess(id, i, ms * (1 + 0.01 * i))));
  return { ...r, threadsQuery: { concurrency: 4, passes: 1, texts: 40, index: null, processes, skipped: null } };
}

const levels = (r: RunSummary, id: string) => threadsAnalysis(r)!.pipelines.find((p) => p.pipelineId === id)!.levels;

describe('threads analysis: the figures', () => {
  it('the twins: one per count, threads given, the engine dropped (out of the matrix), the reference at the top count', () => {
    const twins = withThreadTwins([{ id: 'rust', name: 'Rust', language: 'Rust', engine: 'Candle', command: ['rs'], reference: true }], [1, 2, 4]);
    expect(twins.map((t) => [t.id, t.threadCount, t.reference, t.engine, t.language])).toEqual([
      ['rust-t1', 1, false, undefined, 'Rust'],
      ['rust-t2', 2, false, undefined, 'Rust'],
      ['rust-t4', 4, true, undefined, 'Rust'],
    ]);
    expect(twins[0].threadsOf).toEqual({ id: 'rust', name: 'Rust' });
  });

  it('speed-up = time(1)/time(t) by the ratio of the stats layer, efficiency = speed-up / t, same interval divided by t', () => {
    const r = run(1.25);
    const a = threadsAnalysis(r)!;
    expect(a.counts).toEqual([1, 2]);
    expect(a.tests).toBe(2); // 2 pipelines x 1 count above 1
    expect(a.alpha).toBeCloseTo(0.025, 10);
    const rust = levels(r, 'rust');
    expect(rust[0].embedSpeedup).toBeNull(); // the base
    const embed = (id: string) =>
      r.iterations.filter((it) => it.pipelineId === id && it.kind === 'measured').map((it) => it.stages.find((s) => s.stage === 'embed')!.busyMs);
    const expected = ratioInterval(embed('rust-t1'), embed('rust-t2'), 1 - 0.025);
    expect(rust[1].embedSpeedup).toEqual(expected);
    expect(rust[1].embedSpeedup!.value).toBeCloseTo(2, 1);
    expect(rust[1].embedEfficiency!.value).toBeCloseTo(expected.value / 2, 10);
    expect(rust[1].embedEfficiency!.ciLow).toBeCloseTo(expected.ciLow / 2, 10);
    expect(rust[1].embedEfficiency!.level).toBe(expected.level);
    // the interval says its exact coverage: 6 vs 6 at 97.5% is not a nominal level
    expect(rust[1].embedSpeedup!.level).toBeGreaterThan(0.975);
    expect(rust[1].embedSpeedup!.level).not.toBe(0.95);
    // end to end gains less: start-up and the store do not scale
    expect(rust[1].wallSpeedup!.value).toBeLessThan(rust[1].embedSpeedup!.value);
    expect(levels(r, 'python')[1].embedSpeedup!.value).toBeCloseTo(1.25, 1);
    expect(rust[1].reported).toBe(2);
  });
});

describe('threads analysis: the query job at each thread count', () => {
  it('samples one span per measured process: speed-up = span(1)/span(t) by the stats layer, efficiency / t, qps the median of queries/span', () => {
    const r = withQueries(run(1.0));
    const a = threadsAnalysis(r)!;
    const rust = levels(r, 'rust');
    const span = (id: string) => r.threadsQuery!.processes.filter((p) => p.pipelineId === id).map((p) => p.levels[0].busyMs);
    const expected = ratioInterval(span('rust-t1'), span('rust-t2'), 1 - a.alpha);
    expect(rust[0].query!.speedup).toBeNull(); // the base
    expect(rust[1].query!.speedup).toEqual(expected);
    expect(rust[1].query!.speedup!.value).toBeCloseTo(2, 1);
    expect(rust[1].query!.efficiency!.value).toBeCloseTo(expected.value / 2, 10);
    expect(rust[1].query!.efficiency!.ciHigh).toBeCloseTo(expected.ciHigh / 2, 10);
    expect(rust[1].query!.runs).toBe(5);
    expect(rust[1].query!.qps!.value).toBeCloseTo(40 / 0.51, 6); // the median process: 500 ms x 1.02
    expect(levels(r, 'python')[1].query!.speedup!.value).toBeCloseTo(2000 / 1980, 2);
    expect(a.query).toMatchObject({ concurrency: 4, passes: 1, texts: 40, skipped: null, method: THREADS_QUERY_METHOD });
    expect(a.query!.method).toMatch(/One sample per measured process/);
    expect(a.scope).toMatch(/the query job too/);
  });

  it('leaves out failed and warmup processes, counts the failed, and gives no query figures to a pipeline that does not speak the job', () => {
    const r = withQueries(run(1.0));
    const processes = r.threadsQuery!.processes.filter((p) => p.pipelineId !== 'python-t2');
    const odd = {
      ...r,
      threadsQuery: { ...r.threadsQuery!, processes: [...processes, queryProcess('rust-t2', 9, 10), queryProcess('rust-t2', 8, 1, 'failed')] },
    };
    odd.threadsQuery.processes[odd.threadsQuery.processes.length - 2].kind = 'warmup';
    expect(levels(odd, 'rust')[1].query).toMatchObject({ runs: 5, failedRuns: 1 });
    expect(levels(odd, 'python')[1].query).toBeNull();
    expect(threadsAnalysis(run(1.0))!.query).toBeNull();
    expect(levels(run(1.0), 'rust')[1].query).toBeNull();
  });
});

describe('threads report: the query job at each thread count', () => {
  it('the section shows the query columns, what the part ran and its method; threads.csv carries the figures; a skipped part says why', () => {
    const t = threadsAnalysis(withQueries(run(1.0)))!;
    const md = threadsMarkdownLines(t).join('\n');
    expect(md).toMatch(/\| query q\/s \(median\) \| query speed-up \| query efficiency \|/);
    expect(md).toContain('Query job at each thread count: 1 pass(es) of 40 texts at concurrency 4 per process');
    expect(md).toContain('One sample per measured process');
    const rows = threadsRows(t);
    expect(rows.map((r) => [r.twinId, r.queryRuns])).toEqual([
      ['python-t1', 5],
      ['python-t2', 5],
      ['rust-t1', 5],
      ['rust-t2', 5],
    ]);
    expect(rows[3].querySpeedup).toBeCloseTo(t.pipelines[1].levels[1].query!.speedup!.value, 10);
    const none = threadsMarkdownLines(threadsAnalysis(run(1.0))!).join('\n');
    expect(none).not.toContain('query speed-up');
    const r = withQueries(run(1.0));
    const skipped = threadsAnalysis({
      ...r,
      threadsQuery: { ...r.threadsQuery!, processes: [], skipped: 'no pipeline of this run is in the config\'s set "query"' },
    })!;
    expect(threadsMarkdownLines(skipped).join('\n')).toContain('Query job at each thread count: not measured - no pipeline of this run is in the config');
  });

  it("claim 4's verdict stays on the index job's embed stage: the query figures do not move it", () => {
    const r = withQueries(run(2.2));
    expect(threadsAnalysis(r)!.verdict).toBe('does not hold');
  });
});

describe('threads analysis: claim 4', () => {
  it('claim 4 holds when Rust scales and Python does not, does not hold when Python scales as well', () => {
    expect(threadsAnalysis(run(1.0))!.verdict).toBe('holds');
    expect(threadsAnalysis(run(1.0))!.basis).toEqual({ rustId: 'rust', pythonId: 'python' });
    expect(threadsAnalysis(run(2.2))!.verdict).toBe('does not hold');
  });

  it('is inconclusive when the intervals overlap, a run failed verification, or a pipeline reported other threads', () => {
    expect(threadsAnalysis(run(1.6, 3, 0.1))!.verdict).toBe('inconclusive');
    const r = run(1.0);
    const unverified = {
      ...r,
      equivalence: { ...r.equivalence!, problems: [{ kind: 'vectors' as const, pipelineId: 'rust-t2', message: 'x' }], passed: false },
    };
    expect(threadsAnalysis(unverified)!.verdict).toBe('inconclusive');
    const wrong = {
      ...r,
      iterations: r.iterations.map((it) => (it.pipelineId === 'python-t2' ? { ...it, pipelineInfo: { ...it.pipelineInfo!, threads: 1 } } : it)),
    };
    expect(threadsAnalysis(wrong)!.verdict).toBe('inconclusive');
    expect(levels(wrong, 'python')[1].reported).toBe(1);
  });

  it('with 3 runs a side the interval is the range of all pairs with its own coverage (90%), not 95%', () => {
    const e = levels(run(1.0, 3), 'rust')[1].embedSpeedup!;
    expect(e.method).toBe('range');
    expect(e.level).toBeCloseTo(0.9, 10);
  });

  it('none for a run without twins; claim 4 takes the threads part alone or combines it with the query part', () => {
    expect(threadsAnalysis(syntheticRun([{ id: 'a' }]))).toBeNull();
    const r = run(1.0);
    const row = claim4({ ...r, threads: threadsAnalysis(r) })!;
    expect(row.verdict).toBe('holds');
    expect(row.figures.map((f) => f.label)).toEqual([
      'threads: Python, embed-stage efficiency at 2 threads (speed-up from 1 thread / 2), 6 runs per count',
      'threads: Rust, embed-stage efficiency at 2 threads (speed-up from 1 thread / 2), 6 runs per count',
    ]);
    expect(row.rule).toMatch(/Rust's whole interval lies above Python's/);
    expect(row.note).toMatch(/Index job at 1, 2 threads on 2 cores\. The index job at every thread count; the query job too/);
    expect(claim4({ ...r, threads: null })).toBeNull();
  });
});

describe('threads analysis: claim 4 with the query part', () => {
  it("combined with the query part, no figure carries a part's verdict: one pipeline's scaling is shown, the comparison is judged in the rule", () => {
    const r = run(1.0);
    const estimate = (value: number) => ({ value, low: value - 0.1, high: value + 0.1, level: 0.9, method: 'range' });
    const query = {
      concurrency: [1, 4],
      basis: { rustId: 'rust', pythonId: 'python' },
      pipelines: [
        { pipelineId: 'python', scaling: estimate(0.91), levels: [{ runs: 3 }] },
        { pipelineId: 'rust', scaling: estimate(1.8), levels: [{ runs: 3 }] },
      ],
      cores: 2,
      agreement: { passed: true, disagreeing: [] },
      texts: 40,
      passes: 1,
      topK: 10,
      threads: 2,
      verdict: 'holds',
      rule: 'Rust scales better than Python.',
    } as unknown as RunSummary['query'];
    const row = claim4({ ...r, query, threads: threadsAnalysis(r) })!;
    expect(row.figures.map((f) => f.verdict)).toEqual([undefined, undefined, undefined, undefined]);
    expect(row.figures[0].label).toMatch(/^query: /);
    expect(row.rule).toMatch(/^Query workload \(holds\): .* Threads workload \(holds\): /);
  });
});
