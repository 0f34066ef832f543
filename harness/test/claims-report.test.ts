/**
 * The claims table opens every report: writeReports (results/publish.ts) on a synthetic
 * overhead run (a test double, fixtures/overhead-run.ts) puts the same rows in summary.json,
 * at the top of report.md and report.html, in claims.csv (one line per figure, one per claim
 * not measured) and in the terminal's lines; untrusted pipeline names stay escaped.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { renderClaimsTerminal } from '../src/report/claims.js';
import { writeReports } from '../src/results/publish.js';
import type { RunSummary } from '../src/types.js';
import { PYTHON, RUST, syntheticOverheadRun } from './fixtures/overhead-run.js';

function publishedRun(pythonName = 'Python (LangChain)') {
  const run = syntheticOverheadRun([{ ...PYTHON, name: pythonName }, RUST]);
  const pipelines = run.pipelines.map((p) => (p.stubTwinOf ? p : { ...p, language: p.id === 'python' ? 'Python' : 'Rust', engine: 'E' }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-report-'));
  writeReports(dir, summarize({ ...run, pipelines }), { history: [] });
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return { read, summary: JSON.parse(read('summary.json')) as RunSummary };
}

describe('claims table in the reports', () => {
  it('summary.json holds the five rows the reports render', () => {
    const { summary } = publishedRun();
    const rows = summary.claims!.rows;
    expect(rows.map((r) => r.claim)).toEqual([1, 2, 3, 4, 5]);
    // claim 1 at this run's one size (its full-mode pipelines), claim 2 from its overhead section
    expect(rows[0].measured).toBe(true);
    expect(rows[0].note).toMatch(/One corpus size only/);
    expect(rows[1].verdict).toBe('holds');
    expect(rows.slice(2).map((r) => r.verdict)).toEqual(['not measured', 'not measured', 'not measured']);
    expect(summary.claims!.rows[1].figures).toHaveLength(3);
  });

  it('report.md and report.html open with it, before the headline', () => {
    const { read } = publishedRun();
    const md = read('report.md');
    expect(md.indexOf("## The article's claims")).toBeGreaterThan(0);
    expect(md.indexOf("## The article's claims")).toBeLessThan(md.indexOf('## Pipelines'));
    expect(md).toMatch(/\| 3\. Hugging Face's Rust tokenizers .* \| not measured in this run \(measure it: npm run bench -- --workload tokenize\) \|/);
    const page = read('report.html');
    expect(page.indexOf('id="claims-section"')).toBeGreaterThan(0);
    expect(page.indexOf('id="claims-section"')).toBeLessThan(page.indexOf('id="headline"'));
    expect(page).toContain('<table class="data" id="claims">');
  });

  it('claims.csv: a line per figure and one per claim not measured', () => {
    const { read, summary } = publishedRun();
    const rows = parse(read('claims.csv'), { columns: true }) as Array<Record<string, string>>;
    const figures = summary.claims!.rows.reduce((n, r) => n + Math.max(1, r.figures.length), 0);
    expect(rows).toHaveLength(figures);
    const share = rows.find((r) => r.figure === 'inference share of end to end, Rust (Candle)')!;
    expect(share).toMatchObject({ claim: '2', unit: 'share', figureVerdict: 'holds', verdict: 'holds' });
    expect(Number(share['value.ciLow'])).toBeLessThanOrEqual(Number(share.value));
    expect(rows.find((r) => r.claim === '5')).toMatchObject({ measured: 'false', verdict: 'not measured', command: 'npm run bench -- --workload memory' });
  });

  it('escapes untrusted names in Markdown and HTML, and the terminal gets one line per claim', () => {
    const { read, summary } = publishedRun('<b>Py|thon</b>');
    expect(read('report.md')).toContain('&lt;b&gt;Py\\|thon&lt;/b&gt;');
    expect(read('report.html')).not.toContain('<b>Py|thon</b>');
    const lines = renderClaimsTerminal(summary.claims!).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toBe('  3. not measured: npm run bench -- --workload tokenize');
  });
});
