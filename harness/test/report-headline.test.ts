/**
 * The headline says what it rests on: a pipeline that failed verification or an iteration is
 * marked UNVERIFIED; "medians of N runs" counts the runs that succeeded; when start-up and
 * model load are most of end to end (quick mode), the headline says so; too few runs are never
 * a claim.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { headlines, runsBehind } from '../src/report/text.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const PY = { id: 'py', name: 'Python', reference: true };
const RS = { id: 'rs', name: 'Rust', stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 500, upsert: 150 } };

describe('the headline', () => {
  it('a verified, significant difference is a plain claim', () => {
    const [line] = headlines(summarize(syntheticRun([PY, RS])));
    expect(line).toMatch(/^Rust vs Python: \d\.\d\dx faster end to end \[\d+\.\d% CI /);
  });

  it('a candidate with failed iterations is marked UNVERIFIED', () => {
    const [line] = headlines(summarize(syntheticRun([PY, { ...RS, failed: 2 }])));
    expect(line).toMatch(/^UNVERIFIED: Rust vs Python: /);
  });

  it('a candidate that failed verification is marked UNVERIFIED', () => {
    const run = syntheticRun([PY, RS]);
    run.equivalence = { ...run.equivalence!, passed: false, problems: [{ kind: 'vectors', pipelineId: 'rs', message: 'lowest cosine 0.9' }] };
    expect(headlines(summarize(run))[0]).toMatch(/^UNVERIFIED: Rust vs Python/);
  });

  it('"medians of N runs" counts the successful runs of each pipeline', () => {
    const run = summarize(
      syntheticRun([
        { ...PY, measured: 6 },
        { ...RS, measured: 6, failed: 2 },
      ]),
    );
    expect(run.summaries.map((s) => s.measured)).toEqual([6, 6]);
    expect(runsBehind(run)).toBe('medians of 6 successful measured runs per pipeline');
    const uneven = summarize(
      syntheticRun([
        { ...PY, measured: 6 },
        { ...RS, measured: 4 },
      ]),
    );
    expect(runsBehind(uneven)).toBe('medians of the successful measured runs (Python: 6, Rust: 4)');
  });

  it('when start-up and model load dominate, the headline says the run measures mostly start-up', () => {
    const quick = { startup: 3000, model_load: 2000, read: 5, chunk: 5, embed: 300, upsert: 50 };
    const lines = headlines(summarize(syntheticRun([{ ...PY, stages: quick }, RS])));
    expect(lines.at(-1)).toMatch(/^Start-up and model load are most of end to end here \(Python 93%\): this run measures mostly start-up/);
  });

  it('three runs each: too few for a claim, even when they do not overlap', () => {
    const [line] = headlines(
      summarize(
        syntheticRun([
          { ...PY, measured: 3 },
          { ...RS, measured: 3 },
        ]),
      ),
    );
    expect(line).toMatch(/^Rust vs Python: too few runs for a claim end to end \(1\.\d\dx faster \[range of all runs/);
  });
});
