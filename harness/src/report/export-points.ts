/**
 * What the dashboard exports carry, gathered once from a RunSummary: the median of every metric
 * of every verified pipeline with its interval, and the factor of each primary metric against
 * the reference pipeline. Unverified pipelines are left out: a dashboard keeps a point forever,
 * so it only gets figures the report vouches for.
 */
import { metricInfo, metricOrder, type MetricInfo } from '../metrics.js';
import type { Estimate, RunSummary } from '../types.js';

export interface ExportPoint {
  pipelineId: string;
  metric: MetricInfo;
  /** The median over `n` measured runs, in the metric's unit. */
  value: number;
  interval: Estimate;
  n: number;
}

export interface ExportFactor {
  pipelineId: string;
  referenceId: string;
  metric: MetricInfo;
  factor: Estimate;
  significant: boolean;
}

/** The workload a point belongs to: points of different workloads must never share a series. */
export function workloadTag(summary: RunSummary): string {
  const { corpus, mode, threads } = summary.settings;
  return `${corpus.subset} subset, ${mode} mode, ${threads} threads`;
}

export function exportPoints(summary: RunSummary): ExportPoint[] {
  return summary.summaries
    .filter((s) => s.verified && s.measured > 0)
    .flatMap((s) =>
      metricOrder(Object.keys(s.metrics))
        .map((id) => ({ id, stats: s.metrics[id] }))
        .filter(({ stats }) => stats.n > 0 && Number.isFinite(stats.median))
        .map(({ id, stats }) => ({ pipelineId: s.pipelineId, metric: metricInfo(id), value: stats.median, interval: stats.ci, n: stats.n })),
    );
}

export function exportFactors(summary: RunSummary): ExportFactor[] {
  const verified = new Set(summary.summaries.filter((s) => s.verified).map((s) => s.pipelineId));
  return summary.ratios
    .filter((r) => r.role === 'primary' && verified.has(r.candidateId) && verified.has(r.referenceId) && Number.isFinite(r.factor.value))
    .map((r) => ({ pipelineId: r.candidateId, referenceId: r.referenceId, metric: metricInfo(r.metric), factor: r.factor, significant: r.significant }));
}

/** "95.0% order-statistic interval": the level the interval really has, and how it was made. */
export function describeInterval(e: Estimate): string {
  return e.method === 'range' ? 'range of the runs' : `${(e.level * 100).toFixed(1)}% ${e.method} interval`;
}
