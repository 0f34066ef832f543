/**
 * The tokenize workload's section (claim 3): seconds per GB and MB/s per core per pipeline and
 * pass, with the median's interval, the token-count check, the pipelines that do not speak the
 * job, and claim 3's verdict with its rule, as analysis/tokenize.ts decided them. Rendering
 * only; the same table and sentences go to the terminal, report.md and report.html, the figures
 * to tokenize.csv.
 */
import type { RunSummary, TokenizeAnalysis, TokenizeModeFigures } from '../types.js';
import { type Html, html } from './html-escape.js';
import { cell, type Section, type Sentence, sectionToHtml, sectionToMarkdown, sectionToTerminal, type Table, type Tone } from './table.js';
import { CLAIM_TONE, intervalLabel, nameOf, num } from './text.js';
import { type Row, estimateColumns, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

const MODE_WORDS = { batched: 'batched', single: 'one at a time' } as const;
const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${num(bytes / 1e6, 1)} MB`);

function rateCells(m: TokenizeModeFigures) {
  const s = m.secondsPerGb;
  const r = m.mbPerSecondPerCore;
  if (!s || !r) return [cell('n/a'), cell('n/a'), cell('no measured run', { tone: 'warn' })];
  const sNote = `${num(s.ciLow, 1)}-${num(s.ciHigh, 1)}, ${intervalLabel(s, m.runs)}`;
  const rNote = `${num(r.ciLow, 2)}-${num(r.ciHigh, 2)}, ${m.cores} core${m.cores === 1 ? '' : 's'}`;
  return [cell(`${num(s.value, 1)} s/GB`, { note: sNote }), cell(`${num(r.value, 2)} MB/s`, { note: rNote }), cell(m.verdict, { tone: CLAIM_TONE[m.verdict] })];
}

export function tokenizeTable(run: RunSummary, t: TokenizeAnalysis): Table {
  return {
    id: 'tokenize',
    columns: [
      { label: 'pipeline', compact: true },
      { label: 'binding' },
      { label: 'pass', compact: true },
      { label: 'runs' },
      { label: 'seconds per GB (median)', compact: true, noteInTerminal: true },
      { label: 'MB/s per core (median)', compact: true },
      { label: `under ${t.thresholdSecondsPerGb} s/GB?`, compact: true },
    ],
    rows: [
      ...t.pipelines.flatMap((p) =>
        p.modes.map((m) => [
          cell(nameOf(run, p.pipelineId), { note: p.failedRuns ? `${p.failedRuns} failed run(s)` : undefined, tone: p.failedRuns ? 'bad' : undefined }),
          cell(p.binding, { note: p.rustTokenizers ? "Hugging Face's Rust crate" : 'not the Rust crate: shown, not judged' }),
          cell(MODE_WORDS[m.mode], { note: m.mode === 'batched' ? `${t.embedBatchSize} texts a call` : undefined }),
          cell(String(m.runs)),
          ...rateCells(m),
        ]),
      ),
      ...t.notImplemented.map((p) => [
        cell(p.name),
        cell('n/a'),
        cell('n/a'),
        cell('0'),
        cell('not implemented', { tone: 'neutral' as Tone }),
        cell('n/a'),
        cell('n/a'),
      ]),
    ],
  };
}

/** Claim 3's verdict, the corpus and the check, in sentences. */
export function tokenizeVerdictLines(run: RunSummary, t: TokenizeAnalysis): Sentence[] {
  const basis = t.basis ? t.pipelines.find((p) => p.pipelineId === t.basis!.pipelineId)?.modes.find((m) => m.mode === t.basis!.mode) : undefined;
  const figure = basis?.secondsPerGb
    ? `${num(basis.secondsPerGb.value, 1)} s/GB (${num(basis.secondsPerGb.ciLow, 1)}-${num(basis.secondsPerGb.ciHigh, 1)}, ${intervalLabel(basis.secondsPerGb, basis.runs)})`
    : 'no figure';
  const where = t.basis ? `${nameOf(run, t.basis.pipelineId)}, ${MODE_WORDS[t.basis.mode]}` : 'no pass of a Rust-crate binding finished';
  const lines: Sentence[] = [
    {
      text: `Claim 3 (a GB in under ${t.thresholdSecondsPerGb} s): ${t.verdict} - the fastest Rust-crate pass, ${where}: ${figure} on ${t.threads} threads.`,
      tone: CLAIM_TONE[t.verdict],
    },
    {
      text: t.agreement.passed
        ? `Same work in every pipeline: ${t.documents?.toLocaleString('en')} documents, ${mb(t.bytes)}, ${t.tokens?.toLocaleString('en')} tokens after truncation (${t.tokensUntruncated?.toLocaleString('en')} untruncated) in every run and pass.`
        : `TOKEN COUNTS DIFFER (no verdict from different work): ${t.agreement.problems.slice(0, 3).join('; ')}${t.agreement.problems.length > 3 ? ` (+${t.agreement.problems.length - 3} more)` : ''}`,
      tone: t.agreement.passed ? 'good' : 'bad',
    },
  ];
  return lines;
}

export function tokenizeExplanation(t: TokenizeAnalysis): string[] {
  return [
    `The run's corpus grown to at least ${mb(t.targetBytes)} by repeating whole documents in order, tokenised with each language's Hugging Face binding as the pipelines do for embedding (truncation at max_seq_length, each batch padded to its longest), in batches of ${t.embedBatchSize} texts and one text at a time; only the two passes are timed (pipelines/README.md, "The tokenize job").`,
    t.rule,
    'Intervals: the median of the measured runs with its distribution-free order-statistic interval (harness/src/stats/README.md); with 3 runs it is their range (75% coverage), so a verdict there is a rough one.',
  ];
}

/** The section, built once for the terminal, report.md and report.html. */
const tokenizeSectionOf = (run: RunSummary, t: TokenizeAnalysis): Section => ({
  id: 'tokenize',
  title: 'Tokenizer throughput (claim 3)',
  terminalTitle: 'Tokenizer throughput (claim 3; medians):',
  verdicts: tokenizeVerdictLines(run, t),
  table: tokenizeTable(run, t),
  explanation: tokenizeExplanation(t),
});

export const tokenizeTerminalLines = (run: RunSummary, t: TokenizeAnalysis): string[] => sectionToTerminal(tokenizeSectionOf(run, t));

export const tokenizeMarkdownLines = (run: RunSummary, t: TokenizeAnalysis): string[] => sectionToMarkdown(tokenizeSectionOf(run, t));

export const tokenizeSection = (run: RunSummary): Html => (run.tokenize ? sectionToHtml(tokenizeSectionOf(run, run.tokenize)) : html``);

/** tokenize.csv: one row per pipeline and pass (not-implemented pipelines with empty figures). */
export function tokenizeRows(t: TokenizeAnalysis): Row[] {
  return [
    ...t.pipelines.flatMap((p) =>
      p.modes.map((m) => ({
        pipelineId: p.pipelineId,
        binding: p.binding,
        rustTokenizers: p.rustTokenizers,
        mode: m.mode,
        runs: m.runs,
        cores: m.cores,
        ...estimateColumns('secondsPerGb', m.secondsPerGb),
        ...estimateColumns('mbPerSecondPerCore', m.mbPerSecondPerCore),
        verdict: m.verdict,
        bytes: t.bytes,
        tokens: t.tokens,
        tokensAgree: t.agreement.passed,
        implemented: true,
      })),
    ),
    ...t.notImplemented.map((p) => ({ pipelineId: p.id, implemented: false })),
  ];
}

export const tokenizeCsvRenderer: Renderer = {
  file: 'tokenize.csv',
  render: ({ summary }) => (summary.tokenize ? toCsv(tokenizeRows(summary.tokenize)) : null),
};
