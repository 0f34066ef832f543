/**
 * The run for github-action-benchmark (benchmark-action/github-action-benchmark), whose custom
 * tools read a JSON array of `{ name, value, unit, range?, extra? }`. The action takes one tool
 * per file, so a run gives two files: times and memory for `customSmallerIsBetter`, throughput
 * and factors for `customBiggerIsBetter`. Shape: harness/schemas/github-action-benchmark.schema.json.
 */
import { formatValue } from '../metrics.js';
import type { RunSummary } from '../types.js';
import { describeInterval, exportFactors, exportPoints, workloadTag, type ExportPoint } from './export-points.js';
import type { Renderer } from './types.js';

export interface BenchmarkActionEntry {
  name: string;
  value: number;
  unit: string;
  range?: string;
  extra?: string;
}

export const BENCHMARK_ACTION_SMALLER_FILE = 'github-action-benchmark-smaller.json';
export const BENCHMARK_ACTION_BIGGER_FILE = 'github-action-benchmark-bigger.json';

/** Bytes are shown in MiB: the action prints the unit as given, and a dashboard of 9-digit byte counts is hard to read. */
function scaled(point: ExportPoint): { value: number; unit: string; scale: number } {
  return point.metric.unit === 'bytes'
    ? { value: point.value / 2 ** 20, unit: 'MiB', scale: 2 ** -20 }
    : { value: point.value, unit: point.metric.unit, scale: 1 };
}

function entryOf(point: ExportPoint, tag: string): BenchmarkActionEntry {
  const { value, unit, scale } = scaled(point);
  const low = point.interval.ciLow * scale;
  const high = point.interval.ciHigh * scale;
  return {
    name: `${point.pipelineId}: ${point.metric.label} (${tag})`,
    value,
    unit,
    range: `${low.toPrecision(4)} .. ${high.toPrecision(4)}`,
    extra: `median of ${point.n} measured runs; range: ${describeInterval(point.interval)} of the median (${formatValue(point.interval.ciLow, point.metric.unit)} .. ${formatValue(point.interval.ciHigh, point.metric.unit)})`,
  };
}

export function benchmarkActionEntries(summary: RunSummary, better: 'lower' | 'higher'): BenchmarkActionEntry[] {
  const tag = workloadTag(summary);
  const points = exportPoints(summary)
    .filter((p) => p.metric.better === better)
    .map((p) => entryOf(p, tag));
  if (better === 'lower') return points;
  const factors = exportFactors(summary).map((f) => ({
    name: `${f.pipelineId} vs ${f.referenceId}: ${f.metric.label} factor (${tag})`,
    value: f.factor.value,
    unit: 'x',
    range: `${f.factor.ciLow.toPrecision(4)} .. ${f.factor.ciHigh.toPrecision(4)}`,
    extra: `factor > 1: ${f.pipelineId} is better; range: ${describeInterval(f.factor)}; ${f.significant ? 'significant' : 'not significant'} at the run's corrected level`,
  }));
  return [...points, ...factors];
}

const json = (entries: BenchmarkActionEntry[]) => `${JSON.stringify(entries, null, 1)}\n`;

export const benchmarkActionSmallerRenderer: Renderer = {
  file: BENCHMARK_ACTION_SMALLER_FILE,
  render: ({ summary }) => json(benchmarkActionEntries(summary, 'lower')),
};

export const benchmarkActionBiggerRenderer: Renderer = {
  file: BENCHMARK_ACTION_BIGGER_FILE,
  render: ({ summary }) => json(benchmarkActionEntries(summary, 'higher')),
};
