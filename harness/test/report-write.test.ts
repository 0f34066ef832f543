import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSummary } from '../src/results/summary-file.js';
import { renderTerminalSummary } from '../src/report/index.js';
import { writeReports } from '../src/results/publish.js';
import { summarize } from '../src/analysis/summarize.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const EVIL = '<script>alert(1)</script>|*x*';

const results = mkdtempSync(path.join(tmpdir(), 'reports-'));
const mk = (seed: number, id: string) =>
  summarize(
    syntheticRun(
      [
        { id: 'py', name: 'Python (LangChain)', reference: true },
        { id: 'rs', name: EVIL, stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 700, upsert: 150 } },
      ],
      seed,
      id,
    ),
  );

describe('writeReports(runDir, summary)', () => {
  it('writes summary.json, results.csv, claims.csv, report.md, report.html and the dashboard exports, and no temp file stays behind', () => {
    const runDir = path.join(results, 'run-b');
    mkdirSync(runDir);
    const written = writeReports(runDir, mk(2, 'run-b'), { history: [] });
    const files = [
      'bencher-bmf.json',
      'claims.csv',
      'github-action-benchmark-bigger.json',
      'github-action-benchmark-smaller.json',
      'report.html',
      'report.md',
      'results.csv',
      'summary.json',
    ];
    expect(Object.keys(written).sort()).toEqual(files);
    expect(readdirSync(runDir).sort()).toEqual(files);
  });

  it('summary.json reads back as the same RunSummary (types.ts is its schema)', () => {
    const back = parseSummary(readFileSync(path.join(results, 'run-b', 'summary.json'), 'utf8'), 'summary.json');
    expect(back.runId).toBe('run-b');
    expect(back.summaries.map((s) => s.pipelineId)).toEqual(['py', 'rs']);
    expect(back.ratios.length).toBeGreaterThan(0);
  });

  it('report.md: headline, ratio table, escaped names', () => {
    const md = readFileSync(path.join(results, 'run-b', 'report.md'), 'utf8');
    expect(md).toMatch(/vs Python \(LangChain\): \d\.\d\dx faster end to end \\\[\d+\.\d% CI/);
    expect(md).toMatch(/## Ratios against the reference pipeline/);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\|\\*x\\*');
  });
});

describe('writeReports: the gate and the history; the terminal summary', () => {
  it('with a baseline path, the reports show the comparison; earlier runs of the same workload make a history', () => {
    const older = path.join(results, 'run-a');
    mkdirSync(older);
    writeReports(older, mk(1, 'run-a'), { history: [] });
    const runDir = path.join(results, 'run-c');
    mkdirSync(runDir);
    writeReports(runDir, mk(3, 'run-c'), { baseline: older });
    const md = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    expect(md).toMatch(/## The regression gate against the baseline run/);
    const html = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('id="chart-history"');
    expect(html).toContain('id="gate"');
  });

  it('the terminal summary: one row per pipeline, the headline, the report path; control characters neutralised', () => {
    const run = mk(4, 'run-d');
    run.summaries[1].pipelineName = 'Rust\u001b[31m';
    const text = renderTerminalSummary(run, '/x/report.html');
    expect(text.split('\n')[0]).toMatch(/^pipeline\s+runs\s+end to end \(median\)\s+vs reference/);
    expect(text).toMatch(/Rust\?\[31m/);
    expect(text).not.toContain('\u001b');
    expect(text).toMatch(/Report: \/x\/report\.html/);
  });
});
