/** matrix.csv and matrix-answers.csv: the matrix and the derived answers of summary.json, one row per cell member and per comparison x part; not written for a run without a matrix. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { answersCsvRenderer, matrixCsvRenderer } from '../src/report/matrix-csv.js';
import { writeReports } from '../src/results/publish.js';
import { matrixRun } from './fixtures/matrix-run.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const run = matrixRun(6);
const records = (text: string | null): Array<Record<string, string>> => parse(text!, { columns: true });

describe('matrix CSV files', () => {
  it('matrix.csv: every cell, its pipeline with medians and intervals, or why it is empty', () => {
    const rows = records(matrixCsvRenderer.render({ summary: run, gate: null, history: [] }));
    expect(rows).toHaveLength(12);
    const rust = rows.find((r) => r.pipelineId === 'rust')!;
    const outcome = run.matrix!.cells.find((c) => c.language === 'Rust' && c.engine === 'Candle')!.members[0].outcome;
    if (outcome.kind !== 'measured') throw new Error('rust was measured');
    expect([rust.language, rust.engine, rust.outcome, rust.runs, rust.verified]).toEqual(['Rust', 'Candle', 'measured', '6', 'true']);
    expect(Number(rust.wallMs)).toBe(outcome.wall.value);
    expect(Number(rust['tokensPerSecond.ciLow'])).toBe(outcome.tokensPerSecond!.ciLow);
    expect(rust['wallMs.method']).toBe('order-statistic');
    const tch = rows.find((r) => r.pipelineId === 'rust-tch')!;
    expect([tch.outcome, tch.message, tch.wallMs]).toEqual(['not-buildable', 'libtorch 2.13 not found', '']);
    expect(rows.find((r) => r.language === 'TypeScript' && r.engine === 'libtorch')).toMatchObject({ outcome: 'no-pipeline', pipelineId: '' });
  });

  it('matrix-answers.csv: every comparison x part with its factor, interval, p, the family alpha and correction', () => {
    const rows = records(answersCsvRenderer.render({ summary: run, gate: null, history: [] }));
    expect(rows).toHaveLength(run.matrix!.comparisons.length * 3);
    const row = rows.find((r) => r.candidateId === 'rust-ort' && r.anchorId === 'python-ort' && r.part === 'non-inference')!;
    const part = run.matrix!.comparisons.find((c) => c.candidateId === 'rust-ort' && c.anchorId === 'python-ort')!.parts['non-inference']!;
    expect(Number(row.factor)).toBe(part.factor.value);
    expect(Number(row['factor.level'])).toBe(part.factor.level);
    expect([row.question, row.shared, row.significant, row.correction, row.familyTests]).toEqual(['language', 'ONNX Runtime', 'true', 'bonferroni', '12']);
    expect(Number(row.alpha)).toBe(run.matrix!.family.alpha);
  });

  it('a run without a matrix writes neither file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matrix-csv-'));
    const written = writeReports(dir, summarize(syntheticRun([{ id: 'a' }, { id: 'b' }])), { history: [] });
    expect(Object.keys(written).filter((f) => f.startsWith('matrix'))).toEqual([]);
    expect(existsSync(join(dir, 'matrix.csv'))).toBe(false);
    expect(existsSync(join(dir, 'matrix-answers.csv'))).toBe(false);
    const withMatrix = writeReports(mkdtempSync(join(tmpdir(), 'matrix-csv-')), run, { history: [] });
    expect(Object.keys(withMatrix)).toContain('matrix-answers.csv');
  });
});
