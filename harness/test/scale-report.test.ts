/**
 * The scale section in every format, from a synthetic scale run (test double: fixtures/
 * synthetic-run.ts, sizes drawn around known lines): report.md, report.html (the chart's data
 * and the section), the terminal, scale.csv, scale-fit.csv, scale-claims.csv and summary.json;
 * and nothing of it in a run of another workload. The bootstrap spread is never called "95%".
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type FinishedSize, scaleAnalysis } from '../src/analysis/scale.js';
import { summarize } from '../src/analysis/summarize.js';
import { renderReports, renderTerminalSummary } from '../src/report/index.js';
import type { RunSummary } from '../src/types.js';
import { type SyntheticPipeline, syntheticRun } from './fixtures/synthetic-run.js';

const double = (id: string, name: string, language: string, fixed: number, perChunk: number, chunks: number): SyntheticPipeline => ({
  id,
  name,
  language,
  engine: 'E',
  stages: { startup: fixed, embed: perChunk * chunks },
  chunks,
  measured: 5,
  noise: 0.01,
});

/** A synthetic scale run (a double): Python 3 s + 30 ms/chunk, Rust 0.3 s + 20 ms/chunk, at 20, 100 and 750 chunks. */
function syntheticScaleRun(): RunSummary {
  const sizes: FinishedSize[] = [20, 100, 750].map((n, i) => ({
    label: `${n * 0.8} KB`,
    budgetBytes: n * 800,
    runDir: `sizes/run-${i}`,
    summary: summarize(
      syntheticRun([double('python', 'Python (LangChain)', 'Python', 3000, 30, n), double('rust', 'Rust (Candle)', 'Rust', 300, 20, n)], 3 + i),
    ),
  }));
  const largest = sizes[sizes.length - 1].summary;
  return { ...largest, workload: 'scale', scale: scaleAnalysis(sizes, 5, 1) };
}

const files = (run: RunSummary) => Object.fromEntries(renderReports({ summary: run, gate: null, history: [] }).map((f) => [f.file, f.text]));

describe('the scale section in every report', () => {
  const run = syntheticScaleRun();
  const out = files(run);

  it('report.md and the terminal: the verdict per size, the tables, where the ranking changes, the fit stated as a bootstrap spread', () => {
    const terminal = renderTerminalSummary(run);
    // one table row per line (not joined by the terminal's control-character guard)
    expect(terminal).toMatch(/\nsize +chunks +Python \(LangChain\) \(median end to end\).*\n16 KB +20 chunks /);
    for (const text of [out['report.md'], terminal]) {
      expect(text).toContain('Claim 1 at 16 KB (20 chunks), Rust (Candle) vs Python (LangChain): does not hold.');
      expect(text).toMatch(/Claim 1 at 600 KB \(750 chunks\), Rust \(Candle\) vs Python \(LangChain\): holds\. Rust \(Candle\) is 1\.6\dx as fast/);
      expect(text).toMatch(/Rust \(Candle\) is faster at every size|do not cross/);
      expect(text).toContain('bootstrap spread');
    }
    const md = out['report.md'];
    expect(md).toContain('## End to end as the corpus grows (claim 1 per size)');
    expect(md).toContain('no known coverage');
    const start = md.indexOf('## End to end as the corpus grows');
    const section = md.slice(start, md.indexOf('\n## ', start));
    expect(section).toContain('### Where the ranking changes');
    // every percentage in the section is an exact coverage (like 99.2%), a share of refits, or the band; never a bare nominal 95%
    expect(section).not.toMatch(/\b95(\.0)?%/);
  });

  it('report.html: the section and the chart data of every run and fitted line', () => {
    const html = out['report.html'];
    expect(html).toContain('<section id="scale">');
    expect(html).toContain('id="chart-scale"');
    const data = JSON.parse(html.match(/<script type="application\/json" id="bench-data">([\s\S]*?)<\/script>/)![1]);
    expect(data.scale.map((p: { name: string }) => p.name)).toEqual(['Python (LangChain)', 'Rust (Candle)']);
    expect(data.scale[0].points).toHaveLength(15);
    expect(data.scale[0].line[0][1]).toBeCloseTo(3.005, 1);
  });

  it('the CSVs and summary.json hold the same figures', () => {
    const sizes = parse(out['scale.csv'], { columns: true }) as Array<Record<string, string>>;
    expect(sizes).toHaveLength(6);
    expect(Object.keys(sizes[0])).toEqual(expect.arrayContaining(['size', 'chunks', 'pipelineId', 'wallMs', 'wallMs.ciLow', 'wallMs.level', 'rank']));
    const fit = parse(out['scale-fit.csv'], { columns: true }) as Array<Record<string, string>>;
    expect(fit.map((r) => r.pipelineId)).toEqual(['python', 'rust']);
    expect(Number(fit[1].perChunkMs)).toBeCloseTo(20, 0);
    expect(fit[0]['fixedMs.method']).toBe('bootstrap-percentile');
    const claims = parse(out['scale-claims.csv'], { columns: true }) as Array<Record<string, string>>;
    expect(claims.map((c) => c.verdict)).toEqual(['does not hold', 'does not hold', 'holds']);
    const json = JSON.parse(out['summary.json']) as RunSummary;
    expect(json.scale!.claims).toHaveLength(3);
    expect(json.workload).toBe('scale');
  });

  it('a run of another workload has no scale section or file', () => {
    const index = files(summarize(syntheticRun([double('python', 'P', 'Python', 3000, 30, 100)])));
    expect(index['scale.csv']).toBeUndefined();
    expect(index['report.md']).not.toContain('as the corpus grows');
    expect(index['report.html']).not.toContain('<section id="scale">');
  });
});
