/** `npm run report -- RUN...` as a real process: writes one report from several runs; different workloads or a missing run: exit 2, each difference named. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/types.js';
import { twoMachines } from './fixtures/runs.js';
import { REPO } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'report-cli-'));

/** Each run as results/<run-id>/summary.json; returns the run directories. */
function writeRuns(runs: RunSummary[]): string[] {
  return runs.map((run) => {
    const runDir = path.join(dir, 'results', run.runId);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify(run));
    return runDir;
  });
}

const report = (args: string[]) => execa('npx', ['tsx', path.join(REPO, 'harness/src/cli/report.ts'), ...args], { cwd: REPO, reject: false, timeout: 120_000 });

describe('npm run report', () => {
  it('writes report.html, report.md and runs.csv for runs of one workload on two machines', async () => {
    const [a, b, c] = writeRuns(twoMachines());
    const out = path.join(dir, 'out');
    const res = await report([a, path.join(b, 'summary.json'), c, '--out', out]);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/3 runs of one workload on 2 kinds of machine/);
    expect(res.stdout).toContain(`Report: ${path.join(out, 'report.html')}`);
    for (const file of ['report.html', 'report.md', 'runs.csv']) expect(existsSync(path.join(out, file)), file).toBe(true);
    const rows: Array<Record<string, string>> = parse(readFileSync(path.join(out, 'runs.csv'), 'utf8'), { columns: true });
    expect(rows).toHaveLength(3 * 5);
    expect(new Set(rows.map((r) => r.fingerprint))).toEqual(new Set(['fp-test', 'fp-epyc-4core']));
  });

  it('runs of different workloads: exit 2, every difference named', async () => {
    const [first, second] = twoMachines();
    const other = { ...second, runId: 'run-other', settings: { ...second.settings, embedBatchSize: 8, threads: 4 } };
    const res = await report(writeRuns([first, other]));
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/different workload: embedBatchSize: run run-a2 32, run run-other 8/);
    expect(res.stderr).toMatch(/different workload: threads: run run-a2 2, run run-other 4/);
  });

  it('a run that is not there, or no run at all: exit 2 with the reason', async () => {
    const missing = await report([path.join(dir, 'nope')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such file or directory/);
    const none = await report([]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'runs'/);
  });
});
