import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRenderer, flattenIteration } from '../src/report/csv.js';
import { summarize } from '../src/analysis/summarize.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

/** Reads back what csv-stringify wrote, with the same family's parser. */
const parseCsv = (text: string): string[][] => parse(text, { relaxColumnCount: false });

describe('results.csv', () => {
  const run = summarize(
    syntheticRun(
      [
        { id: 'py', name: 'Python, "LangChain"\nv2' },
        { id: 'rs', failed: 1 },
      ],
      1,
    ),
  );
  const rows = parseCsv(csvRenderer.render({ summary: run, gate: null, history: [] })!);

  it('has one row per iteration (first, warmup and failed included) under a header', () => {
    expect(rows.length - 1).toBe(run.iterations.length);
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
  });

  it('columns are the flattened IterationResult: stages, counts, resources, pipeline info', () => {
    const header = rows[0];
    for (const col of [
      'runId',
      'pipelineId',
      'kind',
      'status',
      'failure.kind',
      'failure.message',
      'wallMs',
      'stages.embed.busyMs',
      'stages.startup.wallMs',
      'counts.tokens',
      'storedPoints',
      'resources.peakRssBytes',
      'storeResources.cpuUserMs',
      'pipelineInfo.libraries',
    ]) {
      expect(header).toContain(col);
    }
    expect(header).toEqual(Object.keys(flattenIteration(run.iterations[0])));
  });

  it('values round-trip, names with commas, quotes and newlines included; absent values are empty', () => {
    const header = rows[0];
    const at = (r: string[], col: string) => r[header.indexOf(col)];
    const first = rows[1];
    expect(at(first, 'pipelineName')).toBe('Python, "LangChain"\nv2');
    expect(Number(at(first, 'wallMs'))).toBe(run.iterations[0].wallMs);
    const failed = rows.find((r) => at(r, 'status') === 'failed')!;
    expect(at(failed, 'failure.kind')).toBe('crash');
    expect(at(failed, 'failure.message')).toBe('crashed: exit code 3 during embed');
    expect(at(failed, 'resources.peakRssBytes')).toBe('');
  });
});

describe('CSV formula injection', () => {
  const HOSTILE = '=HYPERLINK("http://attacker.example","click")';
  const run = summarize(
    syntheticRun(
      [
        { id: 'py', name: HOSTILE },
        { id: 'rs', name: '@SUM(1+1)' },
      ],
      1,
    ),
  );
  const rows = parseCsv(csvRenderer.render({ summary: run, gate: null, history: [] })!);
  const column = (name: string) => rows.slice(1).map((r) => r[rows[0].indexOf(name)]);

  it('text that starts like a formula is made inert with a leading quote', () => {
    expect(column('pipelineName')).toContain(`'${HOSTILE}`);
    expect(column('pipelineName')).toContain("'@SUM(1+1)");
    expect(column('pipelineName').every((cell) => !/^[=+@-]/.test(cell))).toBe(true);
  });

  it('numbers, negative ones included, stay numbers', () => {
    const negative = summarize(syntheticRun([{ id: 'py' }], 1));
    negative.iterations[0].wallMs = -1.5;
    const cells = parseCsv(csvRenderer.render({ summary: negative, gate: null, history: [] })!);
    expect(cells[1][cells[0].indexOf('wallMs')]).toBe('-1.5');
  });
});
