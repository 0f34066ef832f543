/**
 * The `check` section of the bench config: how large a change must be before the gate calls
 * it a regression (or an improvement). One type, one defaults table, one schema (validated with
 * the rest of the file by config/index.ts), one merge.
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
  /** Relative change per metric kind beyond which a significant change counts. */
  thresholds: Record<MetricKind, number>;
  /** Absolute floor per kind, in the metric's unit (time ms, memory bytes, throughput per s): smaller changes never count. */
  minDelta: Record<MetricKind, number>;
  overrides: ThresholdOverride[];
  /** Fewer measured iterations than this on either side: no verdict. */
  minSamples: number;
  /** The worsening the gate must detect with 80% power (0.2 = 20%); a run that cannot is reported as underpowered. */
  mustDetect: number;
}

/** The section as the file may give it: every key optional. */
export type CheckSection = Partial<{
  thresholds: Partial<Record<MetricKind, number>>;
  minDelta: Partial<Record<MetricKind, number>>;
  overrides: ThresholdOverride[];
  minSamples: number;
  mustDetect: number;
}>;

/** The defaults: the one table (the README and the schema's descriptions refer to it). */
export const DEFAULT_CHECK_CONFIG: CheckConfig = {
  thresholds: { time: 0.1, memory: 0.1, throughput: 0.1 },
  // 50 ms: below what a user of an indexing pipeline notices, above process-start jitter on a loaded runner.
  minDelta: { time: 50, memory: 16 * 1024 * 1024, throughput: 0 },
  overrides: [],
  // the fewest runs per side at which the exact rank test can pass the family-wise correction (config/index.ts DEFAULT_ITERATIONS)
  minSamples: 6,
  // twice the default threshold: a change the gate calls a regression with room for noise
  mustDetect: 0.2,
};

const fraction = {
  type: 'number',
  exclusiveMinimum: 0,
  exclusiveMaximum: 10,
  description: 'a relative change as a fraction: 0.1 = 10%',
} as const;
const perKind = (value: object) => ({ type: 'object', additionalProperties: false, properties: { time: value, memory: value, throughput: value } }) as const;

/** JSON Schema of the section, part of the bench config's schema. */
export const checkSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    thresholds: perKind(fraction),
    minDelta: perKind({ type: 'number', minimum: 0, description: 'in the unit of the metric: ms, bytes, or per second' }),
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['threshold'],
        properties: {
          pipeline: { type: 'string', minLength: 1, description: 'a pipeline id; absent = every pipeline' },
          metric: { type: 'string', minLength: 1, description: 'a metric id or kind; absent = every metric' },
          threshold: fraction,
        },
      },
    },
    minSamples: { type: 'integer', minimum: 2, description: 'measured iterations needed on each side for a verdict' },
    mustDetect: { ...fraction, exclusiveMaximum: 0.9, description: 'the worsening the gate must detect with 80% power: 0.2 = 20%' },
  },
} as const;

/** Merges a validated section over the defaults. */
export function resolveCheckConfig(section: CheckSection | undefined): CheckConfig {
  const d = DEFAULT_CHECK_CONFIG;
  return {
    thresholds: { ...d.thresholds, ...section?.thresholds },
    minDelta: { ...d.minDelta, ...section?.minDelta },
    overrides: section?.overrides ?? d.overrides,
    minSamples: section?.minSamples ?? d.minSamples,
    mustDetect: section?.mustDetect ?? d.mustDetect,
  };
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
