/**
 * The catalogue of metric ids (types.ts `MetricId`): what each measures, its unit, which
 * direction is better, and how a value is written. Part of the schema's vocabulary, beside
 * types.ts: analysis and report both read it, so a metric means the same thing everywhere.
 */
import { STAGES, type MetricId, type Stage } from './types.js';

export type MetricKind = 'time' | 'memory' | 'throughput';

export interface MetricInfo {
  id: MetricId;
  label: string;
  unit: 'ms' | 'bytes' | 'chunks/s' | 'tokens/s';
  kind: MetricKind;
  /** time and memory: lower is better; throughput: higher is better. */
  better: 'lower' | 'higher';
}

export const stageMetric = (stage: Stage): MetricId => `stage:${stage}`;

export function metricInfo(id: MetricId): MetricInfo {
  if (id === 'wall') return { id, label: 'end to end', unit: 'ms', kind: 'time', better: 'lower' };
  if (id === 'peak_rss') return { id, label: 'peak RSS', unit: 'bytes', kind: 'memory', better: 'lower' };
  if (id === 'throughput:embed') return { id, label: 'embed throughput', unit: 'chunks/s', kind: 'throughput', better: 'higher' };
  if (id === 'tokens_per_s:embed') return { id, label: 'embed tokens/s', unit: 'tokens/s', kind: 'throughput', better: 'higher' };
  if (id.startsWith('stage:')) return { id, label: id.slice('stage:'.length), unit: 'ms', kind: 'time', better: 'lower' };
  throw new Error(`unknown metric id: ${id}`);
}

const KINDS: readonly MetricKind[] = ['time', 'memory', 'throughput'];

/** A known metric id (a stage metric must name a stage) or a metric kind: what a `check` override may name. */
export function isMetricOrKind(name: string): boolean {
  if ((KINDS as readonly string[]).includes(name)) return true;
  if (name.startsWith('stage:')) return (STAGES as readonly string[]).includes(name.slice('stage:'.length));
  try {
    metricInfo(name);
    return true;
  } catch {
    return false;
  }
}

/** Display order: end to end, the stages in pipeline order, throughput, memory. */
export function metricOrder(ids: Iterable<MetricId>): MetricId[] {
  const rank = (id: MetricId): number => {
    if (id === 'wall') return 0;
    if (id.startsWith('stage:')) return 1 + STAGES.indexOf(id.slice(6) as Stage);
    if (id === 'throughput:embed') return 20;
    if (id === 'tokens_per_s:embed') return 21;
    if (id === 'peak_rss') return 30;
    return 40;
  };
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function formatValue(value: number, unit: MetricInfo['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
    case 'bytes':
      return `${(value / 2 ** 20).toFixed(value >= 2 ** 30 ? 0 : 1)} MiB`;
    default:
      return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
  }
}
