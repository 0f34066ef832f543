/**
 * The dashboard exports of a run: github-action-benchmark's custom JSON (one file per direction)
 * and Bencher's metric format, each checked against the shape written down from the tools' docs
 * (harness/schemas/), and against what the run measured.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { BENCHER_FILE } from '../src/report/export-bencher.js';
import { BENCHMARK_ACTION_BIGGER_FILE, BENCHMARK_ACTION_SMALLER_FILE } from '../src/report/export-github-action-benchmark.js';
import { writeReports } from '../src/results/publish.js';
import type { RunSummary } from '../src/types.js';
import { REPO } from './helpers.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const schema = (name: string) => JSON.parse(readFileSync(path.join(REPO, 'harness/schemas', name), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
const benchmarkAction = ajv.compile(schema('github-action-benchmark.schema.json'));
const bmf = ajv.compile(schema('bencher-bmf.schema.json'));

/** py (reference), rs (faster), ts (its vectors differ: not verified, so never exported). */
function run(): RunSummary {
  const raw = syntheticRun(
    [
      { id: 'py', name: 'Python', reference: true, measured: 6 },
      { id: 'rs', name: 'Rust', measured: 6, stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 600, upsert: 150 } },
      { id: 'ts', name: 'TypeScript', measured: 6 },
    ],
    3,
  );
  raw.equivalence!.problems.push({ kind: 'vectors', pipelineId: 'ts', message: 'cosine 0.5 < 0.999' });
  raw.equivalence!.passed = false;
  return summarize(raw);
}

const summary = run();
const dir = mkdtempSync(path.join(tmpdir(), 'exports-'));
writeReports(dir, summary, { history: [] });
const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const medianOf = (id: string, metric: string) => summary.summaries.find((s) => s.pipelineId === id)!.metrics[metric].median;

describe('github-action-benchmark export (customSmallerIsBetter / customBiggerIsBetter)', () => {
  const smaller = read(BENCHMARK_ACTION_SMALLER_FILE);
  const bigger = read(BENCHMARK_ACTION_BIGGER_FILE);

  it('both files match the action’s input shape', () => {
    expect(benchmarkAction(smaller), JSON.stringify(benchmarkAction.errors)).toBe(true);
    expect(benchmarkAction(bigger), JSON.stringify(benchmarkAction.errors)).toBe(true);
  });

  it('times and memory go to the smaller file, throughput and factors to the bigger one, with the run’s medians', () => {
    const names = (entries: Array<{ name: string }>) => entries.map((e) => e.name);
    expect(names(smaller)).toContain('rs: end to end (default subset, full mode, 2 threads)');
    expect(names(smaller).some((n: string) => n.includes('throughput'))).toBe(false);
    expect(names(bigger)).toContain('rs: embed throughput (default subset, full mode, 2 threads)');
    expect(names(bigger)).toContain('rs vs py: end to end factor (default subset, full mode, 2 threads)');
    const wall = smaller.find((e: { name: string }) => e.name.startsWith('rs: end to end'));
    expect(wall.value).toBe(medianOf('rs', 'wall'));
    expect(wall.unit).toBe('ms');
    const rss = smaller.find((e: { name: string }) => e.name.startsWith('py: peak RSS'));
    expect(rss.unit).toBe('MiB');
    expect(rss.value).toBeCloseTo(medianOf('py', 'peak_rss') / 2 ** 20, 9);
  });

  it('an unverified pipeline is left out of both files', () => {
    expect([...smaller, ...bigger].some((e: { name: string }) => e.name.startsWith('ts'))).toBe(false);
  });

  it('the schema rejects what the action cannot read', () => {
    expect(benchmarkAction([{ name: 'x', value: 1 }])).toBe(false); // no unit
    expect(benchmarkAction([{ name: 'x', value: '1', unit: 'ms' }])).toBe(false);
    expect(benchmarkAction([])).toBe(false);
  });
});

describe('Bencher metric format (BMF) export', () => {
  const metrics = read(BENCHER_FILE);

  it('matches the BMF shape', () => {
    expect(bmf(metrics), JSON.stringify(bmf.errors)).toBe(true);
  });

  it('one benchmark per verified pipeline and workload, each measure a median inside its interval', () => {
    const tag = '(default subset, full mode, 2 threads)';
    expect(Object.keys(metrics).sort()).toEqual([`py ${tag}`, `rs ${tag}`, `rs vs py ${tag}`]);
    const rs = metrics[`rs ${tag}`];
    expect(rs['end-to-end-ms'].value).toBe(medianOf('rs', 'wall'));
    expect(rs['embed-busy-ms'].value).toBe(medianOf('rs', 'stage:embed'));
    expect(rs['peak-rss-bytes'].value).toBe(medianOf('rs', 'peak_rss'));
    for (const [name, measures] of Object.entries(metrics) as Array<[string, Record<string, { value: number; lower_value: number; upper_value: number }>]>) {
      for (const [measure, m] of Object.entries(measures)) {
        expect(m.lower_value, `${name} ${measure}`).toBeLessThanOrEqual(m.value);
        expect(m.upper_value, `${name} ${measure}`).toBeGreaterThanOrEqual(m.value);
      }
    }
    expect(metrics[`rs vs py ${tag}`]['end-to-end-factor'].value).toBeGreaterThan(1);
  });

  it('the schema rejects what Bencher cannot read', () => {
    expect(bmf({ b: { latency: { lower_value: 1 } } })).toBe(false); // no value
    expect(bmf({ b: { ['m'.repeat(65)]: { value: 1 } } })).toBe(false); // measure name over 64 characters
    expect(bmf({})).toBe(false);
  });
});
