/**
 * The language x engine matrix and its two derived answers as tables (table.ts renders them in
 * the terminal, report.md and report.html), with the sentences that say what the figures and
 * intervals are.
 */
import { formatValue } from '../metrics.js';
import type { CostComparison, CostFactor, CostPart, LanguageEngineMatrix, MatrixCell, MatrixMember, RunSummary } from '../types.js';
import { cell, type Cell, type Table } from './table.js';
import { factorInterval, factorWords, intervalLabel } from './text.js';

const ms = (x: number) => formatValue(x, 'ms');
const range = (low: number, high: number, unit: 'ms' | 'tokens/s') =>
  unit === 'ms' ? `${ms(low)}–${ms(high)}` : `${formatValue(low, unit).replace(` ${unit}`, '')}–${formatValue(high, unit)}`;

/** The words of an empty member: why this pipeline has no figures here. */
export function emptyReason(member: MatrixMember): string | null {
  const o = member.outcome;
  if (o.kind === 'measured') return null;
  return o.kind === 'not-buildable' ? `not buildable here: ${o.message}` : o.message;
}

function memberCell(m: MatrixMember, named: boolean): Cell {
  const o = m.outcome;
  const who = named ? `${m.pipelineId}: ` : '';
  if (o.kind !== 'measured') return cell(`${who}—`, { note: `${m.pipelineId}: ${emptyReason(m)}`, tone: o.kind === 'not-buildable' ? 'warn' : 'neutral' });
  const tps = o.tokensPerSecond;
  const text = `${who}${o.verified ? '' : 'UNVERIFIED '}${tps ? formatValue(tps.value, 'tokens/s') : 'no tokens/s'} · ${ms(o.wall.value)}`;
  const notes = [
    ...(tps ? [`tokens/s ${intervalLabel(tps, o.runs)} ${range(tps.ciLow, tps.ciHigh, 'tokens/s')}`] : []),
    `end to end ${intervalLabel(o.wall, o.runs)} ${range(o.wall.ciLow, o.wall.ciHigh, 'ms')}`,
  ];
  return cell(text, { note: `${m.pipelineId}: ${notes.join('; ')}`, tone: o.verified ? 'neutral' : 'bad' });
}

/** One cell: its pipelines one after another (named when there are several), or why it is empty. */
function matrixCell(c: MatrixCell): Cell {
  if (c.members.length === 0) return cell('—', { note: `no ${c.language} pipeline on ${c.engine}` });
  const parts = c.members.map((m) => memberCell(m, c.members.length > 1));
  if (parts.length === 1) return parts[0];
  const tone = parts.find((p) => p.tone === 'bad')?.tone ?? parts.find((p) => p.tone === 'warn')?.tone ?? 'neutral';
  return cell(parts.map((p) => p.text).join('; '), { note: parts.map((p) => p.note).join(' / '), tone });
}

export function matrixTable(m: LanguageEngineMatrix): Table {
  return {
    id: 'matrix',
    columns: [{ label: 'language' }, ...m.engines.map((engine) => ({ label: engine, compact: true }))],
    rows: m.languages.map((language) => [
      cell(language),
      ...m.engines.map((engine) => matrixCell(m.cells.find((c) => c.language === language && c.engine === engine)!)),
    ]),
  };
}

/** What a matrix cell shows and what its intervals are. */
export function matrixExplanation(m: LanguageEngineMatrix): string[] {
  const lines = [
    'Each cell: embed throughput (tokens per second of embed busy time) · end to end, both medians over the measured runs that succeeded; ' +
      "the notes give each median's distribution-free interval (order statistics) with its exact coverage. An empty cell says why it is empty.",
  ];
  if (m.unplaced.length) lines.push(`Not in the matrix (no language or engine declared): ${m.unplaced.join(', ')}.`);
  return lines;
}

export const PART_LABELS: Record<CostPart, string> = {
  wall: 'end to end',
  'non-inference': 'everything but embed',
  embed: 'embed alone',
};

function partCell(p: CostFactor | null): Cell {
  if (!p) return cell('n/a', { note: 'no samples of this part' });
  const note = [factorInterval(p.factor)];
  if (p.factor.method === 'range') note.push('too few runs for a claim');
  else if (!p.significant) note.push('not significant');
  const tone = !p.significant ? 'neutral' : p.factor.value >= 1 ? 'good' : 'bad';
  return cell(factorWords(p.factor.value, 'time'), { note: note.join(' · '), tone });
}

const question = (c: CostComparison) => (c.question === 'language' ? `what the language costs, on ${c.shared}` : `what the engine costs, in ${c.shared}`);

export function answersTable(m: LanguageEngineMatrix): Table {
  return {
    id: 'cost-answers',
    columns: [
      { label: 'question' },
      // The pipelines' ids in the terminal too: two pipelines of one language on one engine (rust-ort, rust-langchain) give two rows that read alike.
      { label: 'comparison', compact: true, noteInTerminal: true },
      ...(['wall', 'non-inference', 'embed'] as const).map((part) => ({ label: PART_LABELS[part], compact: true })),
    ],
    rows: m.comparisons.map((c) => [
      cell(question(c)),
      cell(`${c.candidateSide} vs ${c.anchorSide}`, { note: `${c.candidateId} vs ${c.anchorId}` }),
      partCell(c.parts.wall),
      partCell(c.parts['non-inference']),
      partCell(c.parts.embed),
    ]),
  };
}

/** The family of the answers, stated: its size, its alpha, what the intervals are, and whether these runs can reach it. */
export function familyStatement(m: LanguageEngineMatrix): string[] {
  const f = m.family;
  const lines = [
    `"x faster" means the first-named pipeline takes less time. The ${f.tests} ratios are one family: each is tested at alpha = 0.05 / ${f.tests} = ${f.alpha.toFixed(4)} (Bonferroni), ` +
      'its interval is the exact Mann-Whitney interval around the Hodges-Lehmann estimate at 1 - alpha (exact coverage shown), so together they hold with at least 95% confidence; ' +
      'a ratio is significant when its interval excludes 1 and the exact rank test gives p < alpha. ' +
      '"Everything but embed" is end to end minus embed busy time, per run.',
  ];
  if (!f.reachable && f.tests > 0) {
    lines.push(
      `With these runs no ratio can be significant at this alpha (the exact rank test cannot go that low); ${f.fewestRuns} measured runs per pipeline can (--iterations ${f.fewestRuns}).`,
    );
  }
  return lines;
}

/** The matrix of a run worth a terminal table: one with derived answers. */
export const hasAnswers = (run: RunSummary): run is RunSummary & { matrix: LanguageEngineMatrix } => (run.matrix?.comparisons.length ?? 0) > 0;
