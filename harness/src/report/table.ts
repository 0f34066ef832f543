/**
 * A table built once and rendered three ways (terminal, Markdown, HTML), as hyperfine's
 * export/markup.rs does: the builders in tables.ts choose the rows and the words; each
 * renderer here only supplies the syntax. A cell has a text, an optional note (the interval,
 * a reason) and a tone (good, bad, warn) that HTML colours and the others leave as words.
 */
import { type Html, html } from './html-escape.js';
import { mdCell } from './markdown-escape.js';

export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

export interface Cell {
  text: string;
  note?: string;
  tone?: Tone;
}

export interface Column {
  label: string;
  /** Shown in the terminal's compact table too. */
  compact?: boolean;
  /** The terminal shows this column's note beside its text (e.g. the interval of end to end). */
  noteInTerminal?: boolean;
}

export interface Table {
  id: string;
  columns: Column[];
  /** The first cell of each row names it (a pipeline, a metric). */
  rows: Cell[][];
}

export const cell = (text: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text, ...extra });

/** Control characters in untrusted names would drive the terminal; show them as '?'. */
export const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

export function tableToMarkdown(t: Table): string[] {
  const md = (c: Cell) => mdCell(c.note ? `${c.text} (${c.note})` : c.text);
  return [
    `| ${t.columns.map((c) => mdCell(c.label)).join(' | ')} |`,
    `| ${t.columns.map(() => '---').join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(md).join(' | ')} |`),
  ];
}

export function tableToHtml(t: Table): Html {
  const td = (c: Cell, i: number) => {
    const body = html`${c.text}${c.note ? html`<div class="ci">${c.note}</div>` : ''}`;
    const tone = c.tone && c.tone !== 'neutral' ? c.tone : null;
    return i === 0 ? html`<th scope="row" class="${tone ?? ''}">${body}</th>` : html`<td class="${tone ?? ''}">${body}</td>`;
  };
  return html`<table class="data" id="${t.id}"><thead><tr>${t.columns.map((c) => html`<th>${c.label}</th>`)}</tr></thead>
    <tbody>${t.rows.map((r) => html`<tr>${r.map(td)}</tr>`)}</tbody></table>`;
}

/** The compact columns, padded to line up; notes left out. */
export function tableToTerminal(t: Table): string {
  const keep = t.columns.map((c, i) => (i === 0 || c.compact ? i : -1)).filter((i) => i >= 0);
  const text = (c: Cell | undefined, i: number) => clean(c ? (t.columns[i].noteInTerminal && c.note ? `${c.text} ${c.note}` : c.text) : '');
  const grid = [keep.map((i) => t.columns[i].label), ...t.rows.map((r) => keep.map((i) => text(r[i], i)))];
  const widths = keep.map((_, c) => Math.max(...grid.map((r) => [...r[c]].length)));
  return grid
    .map((r) =>
      r
        .map((text, c) => text.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A sentence with its tone: a claim's verdict (good, bad, warn) or a plain fact. */
export interface Sentence {
  text: string;
  tone: Tone;
}

/**
 * A workload's section, built once: its verdict sentences, one table and the words on method
 * and rule. The three functions below supply only the syntax: the terminal prints the compact
 * table under its own title, then the sentences; report.md and report.html put the sentences
 * first, then the table and the explanation.
 */
export interface Section {
  id: string;
  /** report.md's and report.html's heading. */
  title: string;
  /** The terminal's line above the table. */
  terminalTitle: string;
  verdicts: Sentence[];
  table: Table;
  explanation: string[];
}

export const sectionToTerminal = (s: Section): string[] => ['', s.terminalTitle, tableToTerminal(s.table), '', ...s.verdicts.map((l) => clean(l.text))];

export const sectionToMarkdown = (s: Section): string[] => [
  `## ${s.title}`,
  '',
  ...s.verdicts.map((l) => `- **${mdCell(l.text)}**`),
  '',
  ...tableToMarkdown(s.table),
  '',
  ...s.explanation.map(mdCell),
  '',
];

export const sectionToHtml = (s: Section): Html => html`<section id="${s.id}"><h2>${s.title}</h2>
    ${s.verdicts.map((l) => html`<p class="verdict-line ${l.tone}">${l.text}</p>`)}
    ${tableToHtml(s.table)}${s.explanation.map((l) => html`<p class="explain">${l}</p>`)}</section>`;
