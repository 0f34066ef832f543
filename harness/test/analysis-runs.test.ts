/** Several runs into one report: machines side by side or one machine's history; different workloads refused with every difference named. */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/analysis/runs.js';
import { IncomparableError, InputError } from '../src/errors.js';
import { history, twoMachines } from './fixtures/runs.js';

describe('runs side by side', () => {
  it('runs of two kinds of machine: machine by machine in the order given, each machine by time', () => {
    const report = compareRuns(twoMachines());
    expect(report.kind).toBe('machines');
    expect(report.runs.map((r) => r.runId)).toEqual(['run-a1', 'run-a2', 'run-b1']);
    expect(report.machines.map((m) => [m.fingerprint, m.cpuCount, m.runs])).toEqual([
      ['fp-test', 2, 2],
      ['fp-epyc-4core', 4, 1],
    ]);
    expect(report.pipelines.map((p) => p.id)).toEqual(['python', 'rust', 'ts', 'rust-ort', 'python-ort']);
  });

  it('runs of one machine: its history, oldest first', () => {
    const report = compareRuns(history());
    expect(report.kind).toBe('history');
    expect(report.runs.map((r) => r.runId)).toEqual(['run-h1', 'run-h2', 'run-h3']);
  });

  it('different workloads are refused (exit 2), every difference of every run named', () => {
    const [a, b, c] = history();
    const other = { ...b, settings: { ...b.settings, chunkSize: 500, mode: 'stub' as const } };
    const fewer = { ...c, settings: { ...c.settings, corpus: { ...c.settings.corpus, files: ['a.rst'] } } };
    let caught: unknown;
    try {
      compareRuns([a, other, fewer]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IncomparableError);
    expect((caught as IncomparableError).exitCode).toBe(2);
    expect((caught as IncomparableError).reasons).toEqual([
      'different workload: chunkSize: run run-h3 1000, run run-h2 500',
      'different workload: mode: run run-h3 full, run run-h2 stub',
      'different workload: corpus.files: run run-h3 2 files, run run-h1 1 (first difference at #1: b.rst vs (none))',
    ]);
  });

  it('no runs, or a run given twice: InputError', () => {
    expect(() => compareRuns([])).toThrow(InputError);
    const [a] = history();
    expect(() => compareRuns([a, a])).toThrow(/run run-h3 given twice/);
  });
});
