/**
 * The overhead workload's analysis and report section (claim 2), on synthetic summaries
 * (fixtures/overhead-run.ts, test doubles of runs whose true shares are known): inference vs
 * elsewhere per pipeline, the elsewhere ratio with an interval that states its coverage, the
 * verdict per pair under each branch of the rule, and the section in every report format.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { assertComparable } from '../src/analysis/gate/evaluate.js';
import { sameWorkload } from '../src/analysis/gate/comparable.js';
import { summarize } from '../src/analysis/summarize.js';
import { renderReports } from '../src/report/index.js';
import { renderTerminalSummary } from '../src/report/terminal.js';
import type { OverheadAnalysis } from '../src/types.js';
import { PYTHON, RUST, syntheticOverheadRun } from './fixtures/overhead-run.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const analyse = (...args: Parameters<typeof syntheticOverheadRun>) => summarize(syntheticOverheadRun(...args));
const overheadOf = (run: ReturnType<typeof summarize>): OverheadAnalysis => {
  expect(run.overhead).toBeTruthy();
  return run.overhead!;
};

describe('overhead analysis on synthetic summaries', () => {
  it('splits each pipeline into inference (full - stub) and elsewhere (stub end to end), with the embed stage apart', () => {
    const o = overheadOf(analyse([PYTHON, RUST]));
    const py = o.pipelines.find((p) => p.pipelineId === 'python')!;
    expect(py.stubId).toBe('python-stub');
    expect(py.runs).toEqual({ full: 6, stub: 6 });
    // elsewhere: 1500 + 100 + 400 + 700 + 5 (embed of the stub) + 5 (the fixture's gap) = 2710 ms
    expect(py.elsewhereMs!).toBeGreaterThan(2710 * 0.95);
    expect(py.elsewhereMs!).toBeLessThan(2710 * 1.05);
    expect(py.inferenceMs!).toBeCloseTo(py.fullMs! - py.elsewhereMs!, 6);
    expect(py.embedMs!).toBeGreaterThan(7000 * 0.95);
    expect(py.modelLoadMs!).toBeGreaterThan(800 * 0.95);
    // true share 1 - 2710 / 10505 = 0.742
    expect(py.inferenceShare!.value).toBeGreaterThan(0.7);
    expect(py.inferenceShare!.value).toBeLessThan(0.78);
    expect(py.inferenceShare!.ciLow).toBeLessThanOrEqual(py.inferenceShare!.value);
    expect(py.inferenceShare!.ciHigh).toBeGreaterThanOrEqual(py.inferenceShare!.value);
    expect(py.inferenceMostly).toBe('holds');
  });

  it('claim 2 holds when both are mostly inference and most of the gain is outside it', () => {
    const o = overheadOf(analyse([PYTHON, RUST]));
    expect(o.tests).toBe(4); // two shares, and the pair's elsewhere and end-to-end ratios
    expect(o.alpha).toBeCloseTo(0.05 / 4, 10);
    const [pair] = o.pairs;
    expect(pair.fasterId).toBe('rust');
    expect(pair.slowerId).toBe('python');
    // rust's elsewhere 270 ms against python's 2710: about 0.1
    expect(pair.elsewhere.value).toBeGreaterThan(0.08);
    expect(pair.elsewhere.value).toBeLessThan(0.12);
    expect(pair.elsewhere.method).toBe('hodges-lehmann');
    expect(pair.elsewhere.level).toBeGreaterThanOrEqual(1 - o.alpha);
    expect(pair.significant).toBe(true);
    expect(pair.gapShareElsewhere).toBeGreaterThan(0.5);
    expect(pair.endToEndSignificant).toBe(true);
    expect(pair.endToEnd.ciHigh).toBeLessThan(1);
    expect(pair.gainFromOverhead).toBe('holds');
    expect(pair.verdict).toBe('holds');
  });

  it('is inconclusive when there is no significant end-to-end gain to explain, however lower the overhead', () => {
    const sameEndToEnd = { ...RUST, embed: 9935 }; // full about as long as Python's, overhead a tenth
    const [pair] = overheadOf(analyse([PYTHON, sameEndToEnd])).pairs;
    expect(pair.significant).toBe(true);
    expect(pair.endToEndSignificant).toBe(false);
    expect(pair.gainFromOverhead).toBe('inconclusive');
    expect(pair.verdict).toBe('inconclusive');
  });
});

describe('claim 2 verdicts on synthetic summaries: each branch of the rule', () => {
  it('does not hold when the faster one gains mostly in inference (lower overhead, but under half the gap)', () => {
    const fastModel = { ...PYTHON, id: 'fast', name: 'Fast model', embed: 3000, elsewhere: { ...PYTHON.elsewhere, startup: 1300 } };
    const [pair] = overheadOf(analyse([PYTHON, fastModel])).pairs;
    expect(pair.fasterId).toBe('fast');
    expect(pair.significant).toBe(true);
    expect(pair.gapShareElsewhere).toBeLessThan(0.5);
    expect(pair.gainFromOverhead).toBe('does not hold');
    expect(pair.verdict).toBe('does not hold');
  });

  it("does not hold when inference is not most of a pipeline's time", () => {
    const tinyModel = { ...RUST, id: 'tiny', embed: 100, modelLoad: 20 };
    const o = overheadOf(analyse([PYTHON, tinyModel]));
    expect(o.pipelines.find((p) => p.pipelineId === 'tiny')!.inferenceMostly).toBe('does not hold');
    expect(o.pairs[0].verdict).toBe('does not hold');
  });

  it('is inconclusive with too few runs, and then never calls the range a 95% interval', () => {
    const run = analyse([PYTHON, RUST], 3);
    const o = overheadOf(run);
    const [pair] = o.pairs;
    expect(pair.elsewhere.method).toBe('range');
    expect(pair.elsewhere.level).toBeCloseTo(0.9, 10); // 3 + 3 runs: 1 - 2 / C(6, 3)
    expect(pair.verdict).toBe('inconclusive');
    // no verdict rests on a range, not even a share far above 50%
    expect(o.pipelines.map((p) => p.inferenceShare!.method)).toEqual(['range', 'range']);
    expect(o.pipelines.map((p) => p.inferenceMostly)).toEqual(['inconclusive', 'inconclusive']);
    const md = renderReports({ summary: run, gate: null, history: [] }).find((f) => f.file === 'report.md')!.text;
    const line = md.split('\n').find((l) => l.includes('Claim 2, '))!;
    expect(line).toContain('inconclusive');
    expect(line).toContain('3 + 3 runs');
    expect(line).toContain('the range of all pairs');
    expect(line).toContain('90.0% coverage');
    expect(line).not.toContain('95%');
  });
});

describe('overhead runs on synthetic summaries: the twins stay out of the index figures', () => {
  it('keeps the stub twins out of the ratios and the cost model, and an index run has no overhead section', () => {
    const run = analyse([PYTHON, RUST]);
    expect(run.ratios.map((r) => r.candidateId)).not.toContain('rust-stub');
    expect(run.ratios.map((r) => r.candidateId)).toContain('rust');
    expect(run.costs?.pipelines.map((c) => c.pipelineId)).toEqual(['python', 'rust']);
    const placed = summarize({
      ...syntheticOverheadRun([PYTHON, RUST]),
      pipelines: syntheticOverheadRun([PYTHON, RUST]).pipelines.map((p) => ({ ...p, language: 'L', engine: 'E' })),
    });
    expect(placed.matrix?.cells.flatMap((c) => c.members.map((m) => m.pipelineId))).toEqual(['python', 'rust']);
    expect(run.matrix?.unplaced ?? []).not.toContain('rust-stub');
    const index = summarize(syntheticRun([{ id: 'a' }, { id: 'b' }]));
    expect(index.overhead).toBeUndefined();
    const files = renderReports({ summary: index, gate: null, history: [] }).map((f) => f.file);
    expect(files).not.toContain('overhead.csv');
  });
});

describe('an overhead run is another workload than an index run', () => {
  it('is left out of the other history and refused by the gate, with the difference named', () => {
    const overhead = syntheticOverheadRun([PYTHON, RUST]);
    const index = { ...overhead, workload: 'index' as const };
    const older = { ...overhead, workload: undefined }; // summaries from before --workload: index
    expect(sameWorkload(overhead, index)).toBe(false);
    expect(sameWorkload(index, older)).toBe(true);
    expect(() => assertComparable(index, overhead)).toThrow(/different workload: workload: baseline index, candidate overhead/);
  });
});

describe('the overhead section of the reports, from a synthetic summary', () => {
  const run = analyse([PYTHON, RUST]);
  const files = new Map(renderReports({ summary: run, gate: null, history: [] }).map((f) => [f.file, f.text]));

  it('Markdown, HTML and the terminal state the verdict sentence with its interval, n and method', () => {
    const sentence =
      /Claim 2, Rust \(Candle\) vs Python \(LangChain\): holds\. Rust \(Candle\)'s time outside inference is 0\.\d{3,4}-0\.\d{3,4} of Python \(LangChain\)'s \(estimate 0\.\d{3,4}; 6 \+ 6 runs, Hodges-Lehmann estimate with the exact Mann-Whitney interval, 9\d\.\d% coverage/;
    expect(files.get('report.md')).toContain('## Inference vs everything else (claim 2)');
    expect(files.get('report.md')).toMatch(sentence);
    expect(files.get('report.md')).toMatch(
      /inference is 7\d\.\d% \(7\d\.\d%-7\d\.\d%\) of Python \(LangChain\)'s end to end and 9\d\.\d% \(9\d\.\d%-9\d\.\d%\) of Rust \(Candle\)'s end to end/,
    );
    expect(files.get('report.html')).toContain('<section id="overhead">');
    expect(files.get('report.html')).toMatch(/<p class="verdict-line good">Claim 2, Rust \(Candle\) vs Python \(LangChain\): holds\./);
    expect(files.get('report.html')).toContain('id="overhead-table"');
    const terminal = renderTerminalSummary(run);
    expect(terminal).toContain('Inference vs everything else (claim 2; medians):');
    expect(terminal).toMatch(sentence);
  });

  it("says so when the faster one's inference is the slower (more than all of the gap is outside inference)", () => {
    const slowModel = summarize(syntheticOverheadRun([PYTHON, { ...RUST, embed: 8000 }]));
    const md = renderReports({ summary: slowModel, gate: null, history: [] }).find((f) => f.file === 'report.md')!.text;
    expect(md).toMatch(
      /1\d\d% of the end-to-end gap \([\d.]+ s, medians\) is outside inference \(Rust \(Candle\)'s inference takes longer than Python \(LangChain\)'s\)/,
    );
  });

  it('overhead.csv has one row per pipeline and overhead-pairs.csv the verdict, as in summary.json', () => {
    const rows = parse(files.get('overhead.csv')!, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.pipelineId)).toEqual(['python', 'rust']);
    expect(Number(rows[0].elsewhereMs)).toBeCloseTo(run.overhead!.pipelines[0].elsewhereMs!, 6);
    expect(rows[0].inferenceMostly).toBe('holds');
    const pairs = parse(files.get('overhead-pairs.csv')!, { columns: true }) as Array<Record<string, string>>;
    expect(pairs).toHaveLength(1);
    expect(pairs[0].verdict).toBe('holds');
    expect(pairs[0]['elsewhereRatio.method']).toBe('hodges-lehmann');
    expect(JSON.parse(files.get('summary.json')!).overhead.pairs[0].verdict).toBe('holds');
  });
});
