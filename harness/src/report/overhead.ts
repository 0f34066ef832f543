/**
 * The overhead workload's section (claim 2): per pipeline, inference (full - stub, and the
 * embed stage's own time) against everything else (the stub run's end to end), and one verdict
 * sentence per pair, as analysis/overhead.ts decided it. Rendering only; the same table and
 * sentences go to the terminal, report.md and report.html, the figures to overhead.csv.
 */
import { formatValue } from '../metrics.js';
import type { OverheadAnalysis, Estimate, OverheadPair, OverheadPipeline, RunSummary } from '../types.js';
import { cell, type Section, type Sentence, type Table } from './table.js';
import { CLAIM_TONE, nameOf } from './text.js';

const ms = (x: number | null) => formatValue(x ?? Number.NaN, 'ms');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** A ratio to three significant digits: 0.0987, 0.412, 1.03. */
const ratio = (x: number) => x.toPrecision(3);
/** The exact coverage, truncated (never rounded up to a level it does not reach). */
const coverage = (e: Estimate) => `${(Math.floor(e.level * 1000) / 10).toFixed(1)}% coverage`;

/** How an interval was made, in words, with its exact coverage. */
export function methodWords(e: Estimate): string {
  return e.method === 'range'
    ? `the range of all pairs (too few runs for an interval at the family's level), ${coverage(e)}`
    : `Hodges-Lehmann estimate with the exact Mann-Whitney interval, ${coverage(e)}`;
}

function shareCell(p: OverheadPipeline) {
  const s = p.inferenceShare;
  if (!s) return cell('n/a');
  return cell(pct(s.value), { note: `${pct(s.ciLow)}-${pct(s.ciHigh)}, ${methodWords(s)}` });
}

export function overheadTable(run: RunSummary, o: OverheadAnalysis): Table {
  return {
    id: 'overhead-table',
    columns: [
      { label: 'pipeline' },
      { label: 'runs (full + stub)' },
      { label: 'end to end (full)', compact: true },
      { label: 'elsewhere (stub end to end)', compact: true },
      { label: 'inference (full - stub)', compact: true },
      { label: 'embed stage (own time)' },
      { label: 'model load' },
      { label: 'inference share', compact: true, noteInTerminal: false },
      { label: 'inference is most of it', compact: true },
    ],
    rows: o.pipelines.map((p) => [
      cell(nameOf(run, p.pipelineId)),
      cell(`${p.runs.full} + ${p.runs.stub}`),
      cell(ms(p.fullMs)),
      cell(ms(p.elsewhereMs)),
      cell(ms(p.inferenceMs)),
      cell(ms(p.embedMs)),
      cell(ms(p.modelLoadMs)),
      shareCell(p),
      cell(p.inferenceMostly, { tone: CLAIM_TONE[p.inferenceMostly] }),
    ]),
  };
}

function shareOf(run: RunSummary, o: OverheadAnalysis, id: string): string {
  const s = o.pipelines.find((p) => p.pipelineId === id)?.inferenceShare;
  return s ? `${pct(s.value)} (${pct(s.ciLow)}-${pct(s.ciHigh)}) of ${nameOf(run, id)}'s end to end` : `not measured for ${nameOf(run, id)}`;
}

/** "Claim 2, Rust vs Python: holds. Rust's time outside inference is 0.31-0.45 of Python's (...); inference is P% of Python's end to end and Q% of Rust's; ..." */
export function pairSentence(run: RunSummary, o: OverheadAnalysis, pair: OverheadPair): string {
  const [fast, slow] = [nameOf(run, pair.fasterId), nameOf(run, pair.slowerId)];
  const e = pair.elsewhere;
  const gap = Number.isFinite(pair.gapShareElsewhere)
    ? `${(pair.gapShareElsewhere * 100).toFixed(0)}% of the end-to-end gap (${ms(pair.endToEndGapMs)}, medians) is outside inference${pair.gapShareElsewhere > 1 ? ` (${fast}'s inference takes longer than ${slow}'s)` : ''}`
    : 'no end-to-end gap between them (medians)';
  return (
    `Claim 2, ${fast} vs ${slow}: ${pair.verdict}. ` +
    `${fast}'s time outside inference is ${ratio(e.ciLow)}-${ratio(e.ciHigh)} of ${slow}'s ` +
    `(estimate ${ratio(e.value)}; ${pair.runs[0]} + ${pair.runs[1]} runs, ${methodWords(e)}; p = ${pair.pValue.toPrecision(2)}, alpha ${o.alpha.toPrecision(2)}, ${pair.significant ? 'significant' : 'not significant'}); ` +
    `inference is ${shareOf(run, o, pair.slowerId)} and ${shareOf(run, o, pair.fasterId)}; ${gap}; ` +
    `end to end ${fast} takes ${ratio(pair.endToEnd.ciLow)}-${ratio(pair.endToEnd.ciHigh)} of ${slow}'s time (${pair.endToEndSignificant ? 'significant' : 'no significant gain'}).`
  );
}

/** One sentence per pair with its tone (holds: good, does not hold: bad, inconclusive: warn), or why there is none. */
export function overheadVerdictLines(run: RunSummary, o: OverheadAnalysis): Sentence[] {
  if (o.pairs.length === 0) return [{ text: 'Claim 2 needs two pipelines measured in both modes: no pair in this run.', tone: 'warn' }];
  return o.pairs.map((p) => ({ text: pairSentence(run, o, p), tone: CLAIM_TONE[p.verdict] }));
}

/** What the section measures and how it decides, in words. */
export function overheadExplanation(o: OverheadAnalysis): string[] {
  return [
    'Each pipeline ran in full mode (the model) and, back to back with it in the same interleaved plan, in stub mode (a hash embedding: no model, no tokenizer). ' +
      "The stub run's end to end is the time spent outside inference (start-up, reading, chunking, the upsert); full minus stub is inference (model load, tokenization, forward passes). " +
      'Inference share = 1 - stub / full.',
    `Every interval is at 1 - ${o.alpha.toPrecision(2)} (0.05 over the ${o.tests} intervals the verdicts rest on, Bonferroni) and states its exact coverage. ${o.rule}`,
  ];
}

/** The section, built once for the terminal, report.md and report.html (table.ts's sectionTo*). */
export const overheadSectionOf = (run: RunSummary, o: OverheadAnalysis): Section => ({
  id: 'overhead',
  title: 'Inference vs everything else (claim 2)',
  terminalTitle: 'Inference vs everything else (claim 2; medians):',
  verdicts: overheadVerdictLines(run, o),
  table: overheadTable(run, o),
  explanation: overheadExplanation(o),
});
