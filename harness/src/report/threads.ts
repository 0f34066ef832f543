/**
 * The threads workload's section (claim 4): per pipeline and thread count, end to end and the
 * embed stage (medians), their speed-up from 1 thread and the efficiency (speed-up / t) with the
 * interval's exact coverage, the thread count each pipeline reported, and claim 4's threads
 * verdict with its rule, as analysis/threads.ts decided them. Rendering only: the same table and
 * sentences go to the terminal, report.md and report.html, the figures to threads.csv.
 */
import type { Estimate, RunSummary, ThreadsAnalysis, ThreadsLevel, ThreadsPipeline } from '../types.js';
import { estimateColumns, type Row, toCsv } from './csv-columns.js';
import { type Html, html } from './html-escape.js';
import { cell, type Section, type Sentence, sectionToHtml, sectionToMarkdown, sectionToTerminal, type Table } from './table.js';
import { CLAIM_TONE, intervalLabel, num } from './text.js';
import type { Renderer } from './types.js';

const seconds = (e: Estimate | null) =>
  e ? cell(`${num(e.value / 1000, 2)} s`, { note: `${num(e.ciLow / 1000, 2)}-${num(e.ciHigh / 1000, 2)}` }) : cell('n/a');
const interval = (e: Estimate, digits: number) => `${num(e.ciLow, digits)}-${num(e.ciHigh, digits)}, ${intervalLabel(e)}`;
const factor = (e: Estimate | null, t: number) => (t === 1 ? cell('1 (base)') : e ? cell(`${num(e.value, 2)}x`, { note: interval(e, 2) }) : cell('n/a'));
const share = (e: Estimate | null, t: number) => (t === 1 ? cell('') : e ? cell(num(e.value, 2), { note: interval(e, 2) }) : cell('n/a'));

function reportedCell(l: ThreadsLevel) {
  if (l.reported === null) return cell('not reported', { tone: 'warn' });
  return l.reported === l.threads ? cell(String(l.reported)) : cell(String(l.reported), { tone: 'bad', note: `given ${l.threads}` });
}

/** The query job's cells of a level (the table has them when the run's query part ran). */
function queryCells(l: ThreadsLevel) {
  const q = l.query;
  if (!q) return [cell('not spoken'), cell(''), cell('')];
  const failed = q.failedRuns ? `; ${q.failedRuns} failed` : '';
  const tone = q.failedRuns ? ('bad' as const) : undefined;
  const qps = q.qps
    ? cell(num(q.qps.value, 1), { note: `${num(q.qps.ciLow, 1)}-${num(q.qps.ciHigh, 1)}${failed}`, tone })
    : cell('n/a', { note: failed || undefined, tone });
  return [qps, factor(q.speedup, l.threads), share(q.efficiency, l.threads)];
}

const hasQuery = (t: ThreadsAnalysis) => t.pipelines.some((p) => p.levels.some((l) => l.query));

function pipelineRows(p: ThreadsPipeline, withQuery: boolean) {
  const name = cell(p.name, { note: p.failedRuns ? `${p.failedRuns} failed run(s)` : undefined, tone: p.failedRuns ? 'bad' : undefined });
  return p.levels.map((l, i) => [
    i === 0 ? name : cell(''),
    cell(String(l.threads)),
    cell(String(l.runs)),
    seconds(l.wallMs),
    seconds(l.embedMs),
    factor(l.embedSpeedup, l.threads),
    share(l.embedEfficiency, l.threads),
    factor(l.wallSpeedup, l.threads),
    share(l.wallEfficiency, l.threads),
    reportedCell(l),
    ...(withQuery ? queryCells(l) : []),
  ]);
}

export function threadsTable(t: ThreadsAnalysis): Table {
  return {
    id: 'threads',
    columns: [
      { label: 'pipeline', compact: true },
      { label: 'threads', compact: true },
      { label: 'runs' },
      { label: 'end to end (median)' },
      { label: 'embed stage (median)' },
      { label: 'embed speed-up', compact: true, noteInTerminal: true },
      { label: 'embed efficiency', compact: true, noteInTerminal: true },
      { label: 'end-to-end speed-up', noteInTerminal: true },
      { label: 'end-to-end efficiency' },
      { label: 'threads reported' },
      ...(hasQuery(t)
        ? [{ label: 'query q/s (median)' }, { label: 'query speed-up', compact: true, noteInTerminal: true }, { label: 'query efficiency', compact: true }]
        : []),
    ],
    rows: t.pipelines.flatMap((p) => pipelineRows(p, hasQuery(t))),
  };
}

/** Twins that reported (ready.threads) another thread count than they were given: their figures measure something else. */
function mismatches(t: ThreadsAnalysis): Sentence[] {
  const off = t.pipelines.flatMap((p) =>
    p.levels.filter((l) => l.reported !== null && l.reported !== l.threads).map((l) => `${p.name} given ${l.threads}, reported ${l.reported}`),
  );
  return off.length ? [{ text: `THREAD COUNT NOT APPLIED: ${off.join('; ')}; no verdict rests on these pipelines.`, tone: 'bad' }] : [];
}

/** Claim 4's threads verdict, in a sentence. */
export function threadsVerdictLines(t: ThreadsAnalysis): Sentence[] {
  const top = Math.max(...t.counts);
  const eff = (id: string) => {
    const p = t.pipelines.find((x) => x.pipelineId === id);
    const e = p?.levels.at(-1)?.embedEfficiency;
    return e ? `${p!.name} ${num(e.value, 2)} (${interval(e, 2)})` : `${p?.name ?? id} n/a`;
  };
  const figures = t.basis ? `${eff(t.basis.rustId)} against ${eff(t.basis.pythonId)}` : 'no Rust and Python pipeline pair in this run';
  return [
    {
      text: `Claim 4 (Rust puts every core to work where Python's GIL holds threads back), threads: ${t.verdict} - embed-stage efficiency at ${top} threads: ${figures}; ${t.cores} cores on this machine.`,
      tone: CLAIM_TONE[t.verdict],
    },
    ...mismatches(t),
    { text: t.scope, tone: 'neutral' },
    ...querySentence(t),
  ];
}

/** What the query part ran (or why not), in a sentence; none when the run had no query part. */
function querySentence(t: ThreadsAnalysis): Sentence[] {
  const q = t.query;
  if (!q) return [];
  if (q.skipped) return [{ text: `Query job at each thread count: not measured - ${q.skipped}.`, tone: 'warn' }];
  const what = `${q.passes} pass(es) of ${q.texts} texts at concurrency ${q.concurrency}`;
  return [
    {
      text: `Query job at each thread count: ${what} per process, against ${q.points} points indexed once by ${q.indexedBy}; its efficiency is not part of the verdict.`,
      tone: 'neutral',
    },
  ];
}

export function threadsExplanation(t: ThreadsAnalysis): string[] {
  return [
    `Thread counts ${t.counts.join(', ')}; speed-up intervals at 1 - ${num(t.alpha, 4)} (${t.tests} intervals the verdict can rest on). ${t.method}`,
    t.rule,
    ...(t.query && !t.query.skipped ? [t.query.method] : []),
  ];
}

/** The section, built once for the terminal, report.md and report.html. */
const threadsSectionOf = (t: ThreadsAnalysis): Section => ({
  id: 'threads',
  title: 'Scaling with threads (claim 4)',
  terminalTitle: 'Scaling with threads (claim 4; medians):',
  verdicts: threadsVerdictLines(t),
  table: threadsTable(t),
  explanation: threadsExplanation(t),
});

export const threadsTerminalLines = (t: ThreadsAnalysis): string[] => sectionToTerminal(threadsSectionOf(t));

export const threadsMarkdownLines = (t: ThreadsAnalysis): string[] => sectionToMarkdown(threadsSectionOf(t));

export const threadsSection = (run: RunSummary): Html => (run.threads ? sectionToHtml(threadsSectionOf(run.threads)) : html``);

/** threads.csv: one row per pipeline and thread count. */
export function threadsRows(t: ThreadsAnalysis): Row[] {
  return t.pipelines.flatMap((p) =>
    p.levels.map((l) => ({
      pipelineId: p.pipelineId,
      twinId: l.twinId,
      threads: l.threads,
      runs: l.runs,
      ...estimateColumns('wallMs', l.wallMs),
      ...estimateColumns('embedMs', l.embedMs),
      ...estimateColumns('embedSpeedup', l.embedSpeedup),
      ...estimateColumns('embedEfficiency', l.embedEfficiency),
      ...estimateColumns('wallSpeedup', l.wallSpeedup),
      ...estimateColumns('wallEfficiency', l.wallEfficiency),
      queryRuns: l.query?.runs ?? null,
      ...estimateColumns('queryQps', l.query?.qps ?? null),
      ...estimateColumns('querySpeedup', l.query?.speedup ?? null),
      ...estimateColumns('queryEfficiency', l.query?.efficiency ?? null),
      threadsReported: l.reported,
      failedRuns: p.failedRuns,
      verdict: t.verdict,
    })),
  );
}

export const threadsCsvRenderer: Renderer = {
  file: 'threads.csv',
  render: ({ summary }) => (summary.threads ? toCsv(threadsRows(summary.threads)) : null),
};
