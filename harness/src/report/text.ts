/** Sentences and numbers shared by the Markdown, HTML and terminal reports. */
import { formatValue, metricInfo, type MetricKind } from '../metrics.js';
import type { ClaimVerdict, Estimate, PipelineSummary, RatioResult, RunSummary } from '../types.js';
import type { Tone } from './table.js';

export const nameOf = (summary: RunSummary, id: string) => summary.pipelines.find((p) => p.id === id)?.name ?? id;

/** The reference pipeline's summary (analysis marks exactly one). */
export const referenceOf = (summary: RunSummary): PipelineSummary | undefined => summary.summaries.find((s) => s.reference);

export const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a');

export const fmtBytes = (b: number) => formatValue(b, 'bytes');

/** A figure with exactly `digits` decimals and thousands separators: num(1234.5, 1) is "1,234.5". */
export const num = (x: number, digits: number) => x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** How a claim's verdict is coloured in report.html. */
export const CLAIM_TONE: Record<ClaimVerdict, Tone> = { holds: 'good', 'does not hold': 'bad', inconclusive: 'warn' };

/**
 * What an interval is, in words: "95.9% CI" with its exact coverage, or "range of 3 runs" when
 * there were too few runs for a confidence interval (stats/README.md).
 */
export function intervalLabel(e: Estimate, runs?: number): string {
  if (e.level === 0) return 'no interval';
  if (e.method === 'range' && e.level < 0.93) return runs ? `range of ${runs} runs` : 'range of all runs';
  return `${(Math.floor(e.level * 1000) / 10).toFixed(1)}% CI`;
}

const WORDS: Record<MetricKind, [string, string]> = {
  memory: ['less memory', 'more memory'],
  throughput: ['higher throughput', 'lower throughput'],
  time: ['faster', 'slower'],
};

/** A factor (> 1: better) in words: "1.42x faster" / "1.30x slower"; for memory less/more, throughput higher/lower. */
export function factorWords(value: number, kind: MetricKind): string {
  if (!Number.isFinite(value)) return 'n/a';
  const [good, bad] = WORDS[kind];
  return value >= 1 ? `${times(value)} ${good}` : `${times(1 / value)} ${bad}`;
}

/** A factor's interval on the same scale as its words: "96.8% CI 1.37-1.48". */
export function factorInterval(e: Estimate): string {
  const [lo, hi] = e.value >= 1 ? [e.ciLow, e.ciHigh] : [1 / e.ciHigh, 1 / e.ciLow];
  return `${intervalLabel(e)} ${lo.toFixed(2)}-${hi.toFixed(2)}`;
}

/** "1.42x faster" / "1.30x slower"; for memory less/more, throughput higher/lower. */
export const ratioWords = (r: RatioResult): string => factorWords(r.factor.value, metricInfo(r.metric).kind);

/** "1.42x faster [96.8% CI 1.37-1.48]": the words, then the interval on the same scale as the words. */
export function describeRatio(r: RatioResult): string {
  return Number.isFinite(r.factor.value) ? `${ratioWords(r)} [${factorInterval(r.factor)}]` : 'n/a';
}

/** A pipeline whose figures a claim may not rest on: it failed verification or an iteration. */
const unverified = (s: PipelineSummary | undefined) => !s?.verified || s.failed > 0;

function headline(summary: RunSummary, r: RatioResult): string {
  const pair = `${nameOf(summary, r.candidateId)} vs ${nameOf(summary, r.referenceId)}`;
  const mark = [r.candidateId, r.referenceId].some((id) => unverified(summary.summaries.find((s) => s.pipelineId === id))) ? 'UNVERIFIED: ' : '';
  if (r.factor.method === 'range') return `${mark}${pair}: too few runs for a claim end to end (${describeRatio(r)})`;
  if (!r.significant) return `${mark}${pair}: no significant difference end to end (${describeRatio(r)})`;
  return `${mark}${pair}: ${describeRatio(r).replace(/ \[/, ' end to end [')}`;
}

/** When start-up and model load are most of end to end (quick mode), the headline says what it measured. */
function fixedCostWarning(summary: RunSummary): string[] {
  const heavy = (summary.costs?.pipelines ?? []).filter((c) => c.fixedDominates);
  if (heavy.length === 0) return [];
  const shares = heavy.map((c) => `${nameOf(summary, c.pipelineId)} ${(c.fixedShare * 100).toFixed(0)}%`).join(', ');
  return [`Start-up and model load are most of end to end here (${shares}): this run measures mostly start-up, not per-chunk speed; see the cost split.`];
}

/** One headline per candidate: "Rust (Candle) vs Python (LangChain): 1.42x faster end to end [98.3% CI 1.37-1.48]". */
export function headlines(summary: RunSummary): string[] {
  const reference = referenceOf(summary);
  const lines = summary.ratios.filter((r) => r.metric === 'wall').map((r) => headline(summary, r));
  if (summary.ratios.length === 0 && reference) {
    lines.push(
      `${unverified(reference) ? 'UNVERIFIED: ' : ''}${reference.pipelineName}: ${formatValue(reference.metrics.wall?.median ?? Number.NaN, 'ms')} end to end (median)`,
    );
  }
  return [...lines, ...fixedCostWarning(summary)];
}

/** "Medians of 6, 6 and 5 successful runs": the runs the figures rest on, per pipeline. */
export function runsBehind(summary: RunSummary): string {
  const counts = summary.summaries.map((s) => s.measured);
  const same = counts.every((n) => n === counts[0]);
  return same
    ? `medians of ${counts[0] ?? 0} successful measured runs per pipeline`
    : `medians of the successful measured runs (${summary.summaries.map((s) => `${s.pipelineName}: ${s.measured}`).join(', ')})`;
}

/** Where two pipelines swap places as the corpus grows (analysis/costs.ts). */
export function crossoverLines(summary: RunSummary): string[] {
  return (summary.costs?.crossovers ?? []).map(
    (c) =>
      `${nameOf(summary, c.a)} and ${nameOf(summary, c.b)} swap places at about ${Math.round(c.chunks).toLocaleString('en')} chunks (~${fmtBytes(c.corpusBytes)} of this corpus); beyond it ${nameOf(summary, c.fasterBeyond)} is faster.`,
  );
}
