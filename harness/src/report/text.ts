/** Sentences and numbers shared by the Markdown, HTML and terminal reports. */
import { formatValue, metricInfo } from '../metrics.js';
import type { Estimate, PipelineSummary, RatioResult, RunSummary } from '../types.js';

export const nameOf = (summary: RunSummary, id: string) => summary.pipelines.find((p) => p.id === id)?.name ?? id;

/** The reference pipeline's summary (analysis marks exactly one). */
export const referenceOf = (summary: RunSummary): PipelineSummary | undefined => summary.summaries.find((s) => s.reference);

export const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a');

/** "1.42x faster [95% CI 1.37-1.48]" / "1.30x slower [...]"; for memory smaller/larger, throughput higher/lower. */
export function describeRatio(r: RatioResult): string {
  const s = r.factor;
  const kind = metricInfo(r.metric).kind;
  const [good, bad] = kind === 'memory' ? ['less memory', 'more memory'] : kind === 'throughput' ? ['higher throughput', 'lower throughput'] : ['faster', 'slower'];
  if (!Number.isFinite(s.value)) return 'n/a';
  const ci = (e: Estimate, invert: boolean) => {
    const [lo, hi] = invert ? [1 / e.ciHigh, 1 / e.ciLow] : [e.ciLow, e.ciHigh];
    return `[95% CI ${lo.toFixed(2)}-${hi.toFixed(2)}]`;
  };
  return s.value >= 1 ? `${times(s.value)} ${good} ${ci(s, false)}` : `${times(1 / s.value)} ${bad} ${ci(s, true)}`;
}

/** One headline per candidate: "Rust (Candle) vs Python (LangChain): 1.42x faster end to end [95% CI 1.37-1.48]". */
export function headlines(summary: RunSummary): string[] {
  const reference = referenceOf(summary);
  return summary.ratios
    .filter((r) => r.metric === 'wall')
    .map((r) =>
      r.significant
        ? `${nameOf(summary, r.candidateId)} vs ${nameOf(summary, r.referenceId)}: ${describeRatio(r).replace(/ \[/, ' end to end [')}`
        : `${nameOf(summary, r.candidateId)} vs ${nameOf(summary, r.referenceId)}: no significant difference end to end (${describeRatio(r)})`,
    )
    .concat(summary.ratios.length === 0 && reference ? [`${reference.pipelineName}: ${formatValue(reference.metrics.wall?.median ?? Number.NaN, 'ms')} end to end (median)`] : []);
}

export const fmtEstimate = (e: Estimate, unit: Parameters<typeof formatValue>[1]) =>
  `${formatValue(e.value, unit)} [${formatValue(e.ciLow, unit)}–${formatValue(e.ciHigh, unit)}]`;

export const fmtBytes = (b: number) => formatValue(b, 'bytes');
