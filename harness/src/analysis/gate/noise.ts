/**
 * This machine's run-to-run noise, from A/A comparisons (the same code measured twice), and
 * the thresholds it suggests: a threshold below the largest A/A change seen would have raised
 * false alarms on identical code.
 */
import { type CheckConfig, DEFAULT_CHECK_CONFIG, type ThresholdOverride } from '../../config/check.js';
import type { NoiseReport, NoiseRow } from '../../gate-types.js';
import { metricInfo, metricOrder, type MetricKind } from '../../metrics.js';
import { median, ratioInterval } from '../../stats/index.js';
import type { MetricId, RunSummary } from '../../types.js';
import { FAMILY_ALPHA } from '../significance.js';
import { gatedMetrics } from './evaluate.js';
import { gatePower } from './power.js';

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

export function measureNoise(pairs: Array<[RunSummary, RunSummary]>, config: CheckConfig = DEFAULT_CHECK_CONFIG): NoiseReport {
  const acc = new Map<string, { row: Omit<NoiseRow, 'suggested' | 'runsForTarget' | 'maxRuns' | 'target'>; halfWidths: number[]; samples: number[][] }>();
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
          entry = {
            row: { pipelineId: sa.pipelineId, pipelineName: sa.pipelineName, metric, label: metricInfo(metric).label, pairs: 0, maxChange: 0, ciHalfWidth: 0 },
            halfWidths: [],
            samples: [],
          };
          acc.set(key, entry);
        }
        const r = ratioInterval(xb, xa, 0.95);
        entry.row.pairs++;
        entry.row.maxChange = Math.max(entry.row.maxChange, Math.abs(r.value - 1));
        entry.halfWidths.push((r.ciHigh - r.ciLow) / 2);
        entry.samples.push([...xa], [...xb]);
      }
    }
  }
  // the gate's family: every pipeline x gated metric seen here, Bonferroni as in evaluate.ts
  const alpha = FAMILY_ALPHA / Math.max(1, acc.size);
  const rows: NoiseRow[] = [...acc.values()].map(({ row, halfWidths, samples }) => {
    const suggested = Math.max(FLOOR, roundUp(MARGIN * row.maxChange));
    const kind = metricInfo(row.metric).kind;
    const options = { threshold: suggested, minDelta: config.minDelta[kind], minSamples: config.minSamples, alpha };
    const runs = Math.min(...samples.map((s) => s.length));
    const power = gatePower(row.metric, samples, runs, config.mustDetect, options);
    return { ...row, ciHalfWidth: median(halfWidths), suggested, runsForTarget: power.runsForTarget, maxRuns: power.maxRuns, target: config.mustDetect };
  });
  rows.sort(
    (x, y) =>
      x.pipelineId.localeCompare(y.pipelineId) || metricOrder([x.metric, y.metric]).indexOf(x.metric) - metricOrder([x.metric, y.metric]).indexOf(y.metric),
  );

  // one threshold per kind from the headline metrics; noisier metrics get an override
  const headline: Record<MetricKind, MetricId> = { time: 'wall', memory: 'peak_rss', throughput: 'throughput:embed' };
  const thresholds = { ...DEFAULT_CHECK_CONFIG.thresholds };
  for (const kind of Object.keys(headline) as MetricKind[]) {
    const values = rows.filter((r) => r.metric === headline[kind]).map((r) => r.suggested);
    if (values.length) thresholds[kind] = Math.max(...values);
  }
  const overrides: ThresholdOverride[] = rows
    .filter((r) => r.suggested > thresholds[metricInfo(r.metric).kind])
    .map((r) => ({ pipeline: r.pipelineId, metric: r.metric, threshold: r.suggested }));
  // the runs per side the gate needs for the change it must catch, on the noisiest metric
  const needed = rows.map((r) => r.runsForTarget);
  const iterations = needed.includes(null) ? null : Math.max(config.minSamples, ...(needed as number[]));
  return { rows, margin: MARGIN, floor: FLOOR, suggestedConfig: { thresholds, overrides }, iterations, mustDetect: config.mustDetect };
}
