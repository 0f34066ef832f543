/**
 * The tokenize workload's section (claim 3): seconds per GB and MB/s per core per pipeline and
 * pass, with the median's interval, the token-count check, the pipelines that do not speak the
 * job, and claim 3's verdict with its rule, as analysis/tokenize.ts decided them. Rendering
 * only; the same table and sentences go to the terminal, report.md and report.html, the figures
 * to tokenize.csv.
 */
import type { ClaimVerdict, RunSummary, TokenizeAnalysis, TokenizeModeFigures } from '../types.js';
import { type Html, html } from './html-escape.js';
import { mdCell } from './markdown-escape.js';
import { cell, type Table, type Tone, tableToHtml, tableToMarkdown, tableToTerminal } from './table.js';
import { intervalLabel, nameOf } from './text.js';
import { type Row, estimateColumns, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

/** Control characters in untrusted names would drive the terminal; show them as '?'. */
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
const TONE: Record<ClaimVerdict, Tone> = { holds: 'good', 'does not hold': 'bad', inconclusive: 'warn' };
const MODE_WORDS = { batched: 'batched', single: 'one at a time' } as const;
const num = (x: number, digits: number) => x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${num(bytes / 1e6, 1)} MB`);

function rateCells(m: TokenizeModeFigures) {
  const s = m.secondsPerGb;
  const r = m.mbPerSecondPerCore;
  if (!s || !r) return [cell('n/a'), cell('n/a'), cell('no measured run', { tone: 'warn' })];
  const sNote = `${num(s.ciLow, 1)}-${num(s.ciHigh, 1)}, ${intervalLabel(s, m.runs)}`;
  const rNote = `${num(r.ciLow, 2)}-${num(r.ciHigh, 2)}, ${m.cores} core${m.cores === 1 ? '' : 's'}`;
  return [cell(`${num(s.value, 1)} s/GB`, { note: sNote }), cell(`${num(r.value, 2)} MB/s`, { note: rNote }), cell(m.verdict, { tone: TONE[m.verdict] })];
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
export function tokenizeVerdictLines(run: RunSummary, t: TokenizeAnalysis): Array<{ text: string; tone: Tone }> {
  const basis = t.basis ? t.pipelines.find((p) => p.pipelineId === t.basis!.pipelineId)?.modes.find((m) => m.mode === t.basis!.mode) : undefined;
  const figure = basis?.secondsPerGb
    ? `${num(basis.secondsPerGb.value, 1)} s/GB (${num(basis.secondsPerGb.ciLow, 1)}-${num(basis.secondsPerGb.ciHigh, 1)}, ${intervalLabel(basis.secondsPerGb, basis.runs)})`
    : 'no figure';
  const where = t.basis ? `${nameOf(run, t.basis.pipelineId)}, ${MODE_WORDS[t.basis.mode]}` : 'no pass of a Rust-crate binding finished';
  const lines: Array<{ text: string; tone: Tone }> = [
    {
      text: `Claim 3 (a GB in under ${t.thresholdSecondsPerGb} s): ${t.verdict} - the fastest Rust-crate pass, ${where}: ${figure} on ${t.threads} threads.`,
      tone: TONE[t.verdict],
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

export function tokenizeTerminalLines(run: RunSummary, t: TokenizeAnalysis): string[] {
  return [
    '',
    'Tokenizer throughput (claim 3; medians):',
    tableToTerminal(tokenizeTable(run, t)),
    '',
    ...tokenizeVerdictLines(run, t).map((l) => clean(l.text)),
  ];
}

export function tokenizeMarkdownLines(run: RunSummary, t: TokenizeAnalysis): string[] {
  return [
    '## Tokenizer throughput (claim 3)',
    '',
    ...tokenizeVerdictLines(run, t).map((l) => `- **${mdCell(l.text)}**`),
    '',
    ...tableToMarkdown(tokenizeTable(run, t)),
    '',
    ...tokenizeExplanation(t).map(mdCell),
    '',
  ];
}

export function tokenizeSection(run: RunSummary): Html {
  const t = run.tokenize;
  if (!t) return html``;
  return html`<section id="tokenize"><h2>Tokenizer throughput (claim 3)</h2>
    ${tokenizeVerdictLines(run, t).map((l) => html`<p class="verdict-line ${l.tone}">${l.text}</p>`)}
    ${tableToHtml(tokenizeTable(run, t))}${tokenizeExplanation(t).map((l) => html`<p class="explain">${l}</p>`)}</section>`;
}

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
