/**
 * This machine's run-to-run noise, from A/A comparisons (the same code measured twice), and
 * the thresholds it suggests: a threshold below the largest A/A change seen would have raised
 * false alarms on identical code.
 */
import { metricInfo, metricOrder, type MetricKind } from '../metrics.js';
import { median, ratioCI } from '../stats/index.js';
import type { MetricId, RunSummary } from '../types.js';
import { gatedMetrics } from './compare.js';
import { mdCell } from './markdown.js';
import type { ThresholdOverride } from './thresholds.js';

export interface NoiseRow {
  pipelineId: string;
  pipelineName: string;
  metric: MetricId;
  label: string;
  /** A/A pairs that had this metric on both sides. */
  pairs: number;
  /** Largest |new/old - 1| of the medians over the A/A pairs. */
  maxChange: number;
  /** Median half-width of the ratio's 95% CI, relative (how wide one comparison's CI is). */
  ciHalfWidth: number;
  suggested: number;
}

export interface NoiseReport {
  rows: NoiseRow[];
  /** The `check` section to put in bench.config.json. */
  suggestedConfig: { thresholds: Record<MetricKind, number>; overrides: ThresholdOverride[] };
}

/** Safety margin over the largest A/A change, and the floor of any suggestion. */
const MARGIN = 1.5;
const FLOOR = 0.02;
const roundUp = (x: number) => Math.ceil(x * 100 - 1e-9) / 100;

/** Every pair of separate runs (i < j) is one A/A comparison. */
export function pairsOfRuns(runs: RunSummary[]): Array<[RunSummary, RunSummary]> {
  const pairs: Array<[RunSummary, RunSummary]> = [];
  for (let i = 0; i < runs.length; i++) for (let j = i + 1; j < runs.length; j++) pairs.push([runs[i], runs[j]]);
  return pairs;
}

export function measureNoise(pairs: Array<[RunSummary, RunSummary]>, resamples = 2000): NoiseReport {
  const acc = new Map<string, { row: Omit<NoiseRow, 'suggested'>; halfWidths: number[] }>();
  for (const [a, b] of pairs) {
    for (const sa of a.summaries) {
      const sb = b.summaries.find((s) => s.pipelineId === sa.pipelineId);
      if (!sb) continue;
      for (const metric of gatedMetrics(sa)) {
        const xa = sa.metrics[metric]?.samples ?? [];
        const xb = sb.metrics[metric]?.samples ?? [];
        if (xa.length < 2 || xb.length < 2) continue;
        const key = `${sa.pipelineId}\u0000${metric}`;
        let entry = acc.get(key);
        if (!entry) {
          entry = { row: { pipelineId: sa.pipelineId, pipelineName: sa.pipelineName, metric, label: metricInfo(metric).label, pairs: 0, maxChange: 0, ciHalfWidth: 0 }, halfWidths: [] };
          acc.set(key, entry);
        }
        const r = ratioCI(xb, xa, { resamples });
        entry.row.pairs++;
        entry.row.maxChange = Math.max(entry.row.maxChange, Math.abs(r.value - 1));
        entry.halfWidths.push((r.ciHigh - r.ciLow) / 2);
      }
    }
  }
  const rows: NoiseRow[] = [...acc.values()].map(({ row, halfWidths }) => ({
    ...row,
    ciHalfWidth: median(halfWidths),
    suggested: Math.max(FLOOR, roundUp(MARGIN * row.maxChange)),
  }));
  rows.sort((x, y) => x.pipelineId.localeCompare(y.pipelineId) || metricOrder([x.metric, y.metric]).indexOf(x.metric) - metricOrder([x.metric, y.metric]).indexOf(y.metric));

  // one threshold per kind from the headline metrics; noisier metrics get an override
  const headline: Record<MetricKind, MetricId> = { time: 'wall', memory: 'peak_rss', throughput: 'throughput:embed' };
  const thresholds = { time: 0.1, memory: 0.1, throughput: 0.1 } as Record<MetricKind, number>;
  for (const kind of Object.keys(headline) as MetricKind[]) {
    const values = rows.filter((r) => r.metric === headline[kind]).map((r) => r.suggested);
    if (values.length) thresholds[kind] = Math.max(...values);
  }
  const overrides: ThresholdOverride[] = rows
    .filter((r) => r.suggested > thresholds[metricInfo(r.metric).kind])
    .map((r) => ({ pipeline: r.pipelineId, metric: r.metric, threshold: r.suggested }));
  return { rows, suggestedConfig: { thresholds, overrides } };
}

export function renderNoiseMarkdown(report: NoiseReport, pairs: number): string {
  const lines = [
    `### Run-to-run noise of this machine (${pairs} A/A comparison${pairs === 1 ? '' : 's'})`,
    '',
    `Suggested threshold = max(${FLOOR * 100}%, ${MARGIN} × the largest A/A change), rounded up to 1%.`,
    '',
    '| pipeline | metric | A/A pairs | largest A/A change | typical CI half-width | suggested threshold |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.rows.map(
      (r) => `| ${mdCell(r.pipelineName)} | ${r.label} | ${r.pairs} | ${(r.maxChange * 100).toFixed(1)}% | ±${(r.ciHalfWidth * 100).toFixed(1)}% | ${(r.suggested * 100).toFixed(0)}% |`,
    ),
    '',
    'Put this in bench.config.json:',
    '',
    '```json',
    JSON.stringify({ check: report.suggestedConfig }, null, 2),
    '```',
  ];
  return lines.join('\n') + '\n';
}
