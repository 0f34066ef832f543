/**
 * The claims table that opens every report (issue 16): the rows analysis/claims.ts built, as
 * one Table (table.ts renders it in Markdown and HTML), a short terminal form, and claims.csv
 * (one row per figure). Rendering only.
 */
import type { ClaimFigure, ClaimRow, ClaimsRunPart, ClaimsTable } from '../claims-types.js';
import type { ClaimVerdict, Estimate } from '../types.js';
import { type Html, html } from './html-escape.js';
import { mdCell } from './markdown-escape.js';
import { cell, type Table, type Tone, tableToHtml, tableToMarkdown } from './table.js';
import { estimateColumns, type Row, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

const TONE: Record<ClaimVerdict | 'not measured', Tone> = { holds: 'good', 'does not hold': 'bad', inconclusive: 'warn', 'not measured': 'neutral' };
/** The exact coverage, truncated (never rounded up to a level it does not reach). */
const coverage = (e: Estimate) => `${(Math.floor(e.level * 1000) / 10).toFixed(1)}%`;

function valueText(x: number, unit: string): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (unit === 'ratio') return `${x.toFixed(2)}x`;
  if (unit === 'share') return `${(x * 100).toFixed(1)}%`;
  return `${x.toPrecision(3)} ${unit}`;
}

/** "1.62x [1.41x-1.80x, 98.3% interval]" or, from too few runs, "[range of all runs ...]". */
export function figureText(f: ClaimFigure): string {
  const e = f.estimate;
  const bounds = `${valueText(e.ciLow, f.unit)}-${valueText(e.ciHigh, f.unit)}`;
  const interval =
    e.level === 0
      ? 'one measurement, no interval'
      : e.method === 'range'
        ? `range of all runs ${bounds}, too few runs for an interval`
        : `${bounds}, ${coverage(e)} interval`;
  return `${f.label}: ${valueText(e.value, f.unit)} [${interval}]${f.verdict ? ` - ${f.verdict}` : ''}`;
}

const measuredText = (r: ClaimRow) => (r.measured ? r.figures.map(figureText).join('; ') : 'not measured in this run');

export function claimsTable(t: ClaimsTable): Table {
  return {
    id: 'claims',
    columns: [{ label: 'claim (paraphrased)' }, { label: 'what was measured', compact: true }, { label: 'verdict', compact: true }, { label: 'rule' }],
    rows: t.rows.map((r) => [
      cell(`${r.claim}. ${r.statement}`),
      cell(measuredText(r), { note: r.measured ? `${t.machine}, ${t.threads} threads` : `measure it: ${r.command}` }),
      cell(r.verdict, { tone: TONE[r.verdict], note: r.note ?? undefined }),
      cell(r.rule),
    ]),
  };
}

const intro = (t: ClaimsTable) =>
  `Each claim of the article that started issue 16, in our own words, with what this run measured on ${t.machine} (${t.threads} threads) and the verdict by the rule stated beside it. ` +
  `A claim this run did not measure names the command that would; ${t.allCommand} measures every claim this bench can.`;

/** A --claims run's parts and where each one's own reports are. */
export function partsSentence(parts: readonly ClaimsRunPart[] | undefined): string | null {
  if (!parts?.length) return null;
  const each = parts.map((p) => `--workload ${p.workload}${p.settings ? ` on ${p.settings}` : ''} (${p.status}, ${Math.round(p.ms / 1000)} s) in ${p.runDir}`);
  return `This --claims run is made of ${parts.length} run${parts.length === 1 ? '' : 's'}, each with its own reports: ${each.join('; ')}.`;
}

export function claimsMarkdownLines(t: ClaimsTable, parts?: readonly ClaimsRunPart[]): string[] {
  const sentence = partsSentence(parts);
  return ["## The article's claims", '', mdCell(intro(t)), '', ...tableToMarkdown(claimsTable(t)), '', ...(sentence ? [mdCell(sentence), ''] : [])];
}

export function claimsHtmlSection(t: ClaimsTable | null | undefined, parts?: readonly ClaimsRunPart[]): Html | string {
  if (!t) return '';
  const sentence = partsSentence(parts);
  const partsHtml = sentence ? html`<p class="explain">${sentence}</p>` : '';
  return html`<section id="claims-section"><h2>The article's claims</h2><p class="explain">${intro(t)}</p>${tableToHtml(claimsTable(t))}${partsHtml}</section>`;
}

/** One line per claim: its number, verdict and figures (or the command that would measure it). */
export function renderClaimsTerminal(t: ClaimsTable): string {
  const lines = t.rows.map((r) => `  ${r.claim}. ${r.verdict}: ${r.measured ? r.figures.map(figureText).join('; ') : r.command}`);
  return [`The article's claims (${t.machine}, ${t.threads} threads; rules in report.md):`, ...lines]
    .join('\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '?');
}

function csvRows(t: ClaimsTable, r: ClaimRow): Row[] {
  const base: Row = { claim: r.claim, statement: r.statement, workload: r.workload, measured: r.measured, verdict: r.verdict };
  const tail: Row = { rule: r.rule, note: r.note, command: r.command, machine: t.machine, threads: t.threads };
  const figures = r.figures.length ? r.figures : [null];
  return figures.map((f) => ({
    ...base,
    figure: f?.label ?? null,
    unit: f?.unit ?? null,
    ...estimateColumns('value', f?.estimate),
    figureVerdict: f?.verdict ?? null,
    ...tail,
  }));
}

export const claimsCsvRenderer: Renderer = {
  file: 'claims.csv',
  render: ({ summary }) => (summary.claims ? toCsv(summary.claims.rows.flatMap((r) => csvRows(summary.claims!, r))) : null),
};
