/** summary.json is schema version 2 (typed outcomes, reference/first/factor); a version 1 file is refused with a clear message. */
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { InputError } from '../src/errors.js';
import { parseSummary } from '../src/results/summary-file.js';
import { matrixRun } from './fixtures/matrix-run.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

describe('summary.json schema version', () => {
  const run = summarize(syntheticRun([{ id: 'a' }, { id: 'b' }]));

  it('a run is written as version 2 and reads back', () => {
    expect(run.schemaVersion).toBe(2);
    expect(parseSummary(JSON.stringify(run), 'summary.json').runId).toBe(run.runId);
  });

  it('a version 1 summary: an InputError (exit 2) saying to measure again', () => {
    const old = JSON.stringify({ ...run, schemaVersion: 1 });
    expect(() => parseSummary(old, 'old.json')).toThrow(InputError);
    expect(() => parseSummary(old, 'old.json')).toThrow(/old\.json: written by an older harness \(schemaVersion 1[\s\S]*measure it again/);
  });

  it('a version 2 summary written before the matrix: nothing left out, the matrix computed from its pipelines', () => {
    const { leftOut: _l, matrix, ...older } = matrixRun(6);
    const read = parseSummary(JSON.stringify(older), 'older.json');
    expect(read.leftOut).toEqual([]);
    expect(read.matrix?.comparisons.map((c) => c.candidateId)).toEqual(matrix?.comparisons.map((c) => c.candidateId));
  });
});
