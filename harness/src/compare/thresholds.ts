/**
 * The `check` section of the bench config: how large a change must be before the gate calls
 * it a regression (or an improvement), per metric kind, with overrides per pipeline/metric.
 */
import { metricInfo, type MetricKind } from '../metrics.js';
import type { MetricId } from '../types.js';

export interface ThresholdOverride {
  /** Pipeline id; absent = every pipeline. */
  pipeline?: string;
  /** A metric id (`wall`, `stage:embed`, `peak_rss`, ...) or a kind (`time`, `memory`, `throughput`); absent = every metric. */
  metric?: string;
  /** Relative change, e.g. 0.2 = 20%. */
  threshold: number;
}

export interface CheckConfig {
  thresholds: Record<MetricKind, number>;
  /** Absolute floor per kind, in the metric's unit (time ms, memory bytes, throughput per s): smaller changes never count. */
  minDelta: Record<MetricKind, number>;
  overrides: ThresholdOverride[];
  /** Fewer measured iterations than this on either side: no verdict (default 5). */
  minSamples: number;
}

export const DEFAULT_CHECK_CONFIG: CheckConfig = {
  thresholds: { time: 0.1, memory: 0.1, throughput: 0.1 },
  // 50 ms: below what a user of an indexing pipeline notices, above process-start jitter on a loaded runner.
  minDelta: { time: 50, memory: 16 * 1024 * 1024, throughput: 0 },
  overrides: [],
  minSamples: 5,
};

/** Merges a (partial) config section over the defaults, checking every number. */
export function resolveCheckConfig(section: unknown): CheckConfig {
  if (section === undefined || section === null) return DEFAULT_CHECK_CONFIG;
  if (typeof section !== 'object') throw new Error('config check: must be an object');
  const s = section as Partial<{ thresholds: Partial<Record<MetricKind, number>>; minDelta: Partial<Record<MetricKind, number>>; overrides: ThresholdOverride[]; minSamples: number }>;
  const thresholds = { ...DEFAULT_CHECK_CONFIG.thresholds, ...(s.thresholds ?? {}) };
  for (const [kind, value] of Object.entries(thresholds)) {
    if (!(kind in DEFAULT_CHECK_CONFIG.thresholds)) throw new Error(`config check.thresholds.${kind}: unknown metric kind (time, memory, throughput)`);
    if (typeof value !== 'number' || !(value >= 0 && value < 10)) throw new Error(`config check.thresholds.${kind}: must be a number >= 0 (a fraction: 0.1 = 10%), got ${JSON.stringify(value)}`);
  }
  const minDelta = { ...DEFAULT_CHECK_CONFIG.minDelta, ...(s.minDelta ?? {}) };
  for (const [kind, value] of Object.entries(minDelta)) {
    if (!(kind in DEFAULT_CHECK_CONFIG.minDelta)) throw new Error(`config check.minDelta.${kind}: unknown metric kind (time, memory, throughput)`);
    if (typeof value !== 'number' || !(value >= 0)) throw new Error(`config check.minDelta.${kind}: must be a number >= 0 (time: ms, memory: bytes, throughput: per second), got ${JSON.stringify(value)}`);
  }
  const overrides = s.overrides ?? [];
  if (!Array.isArray(overrides)) throw new Error('config check.overrides: must be an array');
  overrides.forEach((o, i) => {
    if (typeof o?.threshold !== 'number' || !(o.threshold >= 0)) throw new Error(`config check.overrides[${i}].threshold: must be a number >= 0`);
  });
  const minSamples = s.minSamples ?? DEFAULT_CHECK_CONFIG.minSamples;
  if (!Number.isInteger(minSamples) || minSamples < 2) throw new Error('config check.minSamples: must be an integer >= 2');
  return { thresholds, minDelta, overrides, minSamples };
}

/** The threshold for one pipeline and metric: the most specific matching override, else the kind's default. */
export function thresholdFor(config: CheckConfig, pipelineId: string, metric: MetricId): number {
  const kind = metricInfo(metric).kind;
  let best: { specificity: number; threshold: number } | null = null;
  for (const o of config.overrides) {
    if (o.pipeline !== undefined && o.pipeline !== pipelineId) continue;
    if (o.metric !== undefined && o.metric !== metric && o.metric !== kind) continue;
    const specificity = (o.pipeline !== undefined ? 2 : 0) + (o.metric === metric ? 1 : o.metric === kind ? 0.5 : 0);
    if (!best || specificity >= best.specificity) best = { specificity, threshold: o.threshold };
  }
  return best?.threshold ?? config.thresholds[kind];
}
