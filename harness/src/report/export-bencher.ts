/**
 * The run in Bencher Metric Format (BMF), what `bencher run --adapter json --file ...` reads:
 * `{ benchmark: { measure: { value, lower_value?, upper_value? } } }`. A benchmark is a pipeline
 * on one workload; a measure is a metric with its unit in its slug (Bencher creates a measure the
 * first time it sees its slug). Factors against the reference pipeline are benchmarks of their
 * own ("rust vs python (...)"). Shape: harness/schemas/bencher-bmf.schema.json.
 */
import type { MetricInfo } from '../metrics.js';
import type { Estimate, RunSummary } from '../types.js';
import { exportFactors, exportPoints, workloadTag } from './export-points.js';
import type { Renderer } from './types.js';

export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

export type Bmf = Record<string, Record<string, BmfMetric>>;

export const BENCHER_FILE = 'bencher-bmf.json';

const UNIT_SLUG: Record<MetricInfo['unit'], string> = { ms: 'ms', bytes: 'bytes', 'chunks/s': 'chunks-per-s', 'tokens/s': 'tokens-per-s' };

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** e.g. `end-to-end-ms`, `embed-busy-ms`, `embed-throughput-chunks-per-s`, `peak-rss-bytes` (at most 64 characters, Bencher's limit). */
export function measureSlug(metric: MetricInfo): string {
  const busy = metric.id.startsWith('stage:') ? ' busy' : '';
  return slug(`${metric.label}${busy} ${UNIT_SLUG[metric.unit]}`).slice(0, 64);
}

const bmfMetric = (value: number, e: Estimate): BmfMetric => ({ value, lower_value: e.ciLow, upper_value: e.ciHigh });

export function bencherMetrics(summary: RunSummary): Bmf {
  const tag = workloadTag(summary);
  const out: Bmf = {};
  const put = (benchmark: string, measure: string, metric: BmfMetric) => {
    out[benchmark] ??= {};
    out[benchmark][measure] = metric;
  };
  for (const p of exportPoints(summary)) put(`${p.pipelineId} (${tag})`, measureSlug(p.metric), bmfMetric(p.value, p.interval));
  for (const f of exportFactors(summary)) {
    put(`${f.pipelineId} vs ${f.referenceId} (${tag})`, `${slug(f.metric.label)}-factor`, bmfMetric(f.factor.value, f.factor));
  }
  return out;
}

export const bencherRenderer: Renderer = {
  file: BENCHER_FILE,
  render: ({ summary }) => `${JSON.stringify(bencherMetrics(summary), null, 1)}\n`,
};
