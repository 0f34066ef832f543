/**
 * The memory workload's section (claim 5): per pipeline, the RSS slope after warm-up with its
 * interval and the memory verdict, the per-pass latency p50 / p99 / max and max / p50 with the
 * latency verdict, and claim 5's verdict with its rule, as analysis/memory.ts decided them.
 * Rendering only: the same table and sentences go to the terminal, report.md and report.html,
 * the figures to memory.csv.
 */
import type { MemoryAnalysis, MemoryPipelineResult, RunSummary } from '../types.js';
import { type Row, estimateColumns, toCsv } from './csv-columns.js';
import { type Html, html } from './html-escape.js';
import { cell, type Cell, type Section, type Sentence, sectionToHtml, sectionToMarkdown, sectionToTerminal, type Table, type Tone } from './table.js';
import { CLAIM_TONE, nameOf, num } from './text.js';
import type { Renderer } from './types.js';

const TREND_TONE: Record<string, Tone> = { flat: 'good', steady: 'good', creeps: 'bad', pauses: 'bad', inconclusive: 'warn' };
const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${num(bytes / 2 ** 20, 0)} MiB`);
const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${num(x, digits)}`;

function rssCells(r: MemoryPipelineResult): Cell[] {
  const s = r.rss;
  if (!s) return [cell('n/a', { note: r.notes.join('; ') || undefined }), cell('n/a'), cell('n/a')];
  const e = s.slopeMiBPerMin;
  return [
    cell(`${mib(s.startBytes)} -> ${mib(s.endBytes)}`, { note: `peak ${mib(s.peakBytes)}, ${s.samples} samples` }),
    cell(`${signed(e.value, 2)} MiB/min`, { note: `${signed(e.ciLow, 2)} to ${signed(e.ciHigh, 2)}, 95% Newey-West` }),
    cell(s.trend, { tone: TREND_TONE[s.trend], note: `at most ${num(s.growthShareHigh * 100, 1)}% growth per 10 minutes` }),
  ];
}

function latencyCells(r: MemoryPipelineResult): Cell[] {
  const l = r.latency;
  if (!l) return [cell(r.passes === 0 ? 'not implemented' : 'n/a', { tone: 'neutral' }), cell('n/a'), cell('n/a'), cell('n/a')];
  return [
    cell(`${num(l.p50, 1)}`, { note: `${l.unit}; a pass: ${num(l.rawP50Ms, 0)} ms median, ${num(l.rawMaxMs, 0)} ms max` }),
    cell(`${num(l.p99, 1)}`),
    cell(`${num(l.maxOverP50, 2)}x`, { note: `p99/p50 ${num(l.p99OverP50, 2)}x, ${l.passes} passes` }),
    cell(l.trend, { tone: TREND_TONE[l.trend] }),
  ];
}

const pipelineRow = (run: RunSummary, r: MemoryPipelineResult): Cell[] => [
  cell(nameOf(run, r.pipelineId), { tone: r.status === 'failed' ? 'bad' : undefined, note: r.failure ?? undefined }),
  cell(`${r.passes} (${r.warmupPasses})`, { note: `${r.chunks ?? 'n/a'} chunks in ${num(r.wallMs / 1000, 0)} s` }),
  ...rssCells(r),
  ...latencyCells(r),
];

export function memoryTable(run: RunSummary, m: MemoryAnalysis): Table {
  return {
    id: 'memory',
    columns: [
      { label: 'pipeline', compact: true },
      { label: 'passes (warm-up)' },
      { label: 'RSS after warm-up', compact: true },
      { label: 'RSS slope', compact: true, noteInTerminal: true },
      { label: 'memory', compact: true },
      { label: 'pass p50', compact: true },
      { label: 'pass p99' },
      { label: 'max / p50', compact: true, noteInTerminal: true },
      { label: 'latency', compact: true },
    ],
    rows: [
      ...m.pipelines.map((r) => pipelineRow(run, r)),
      ...m.notImplemented.map((p) => [cell(p.name), cell('not implemented', { tone: 'neutral' as Tone }), ...Array.from({ length: 7 }, () => cell('n/a'))]),
    ],
  };
}

export function memoryVerdictLines(m: MemoryAnalysis): Sentence[] {
  return [
    {
      text: `Claim 5 (Rust keeps memory tight and has no garbage-collector pauses): ${m.verdict} - one process per pipeline indexed the corpus ${m.repeat} times over (${m.files} files, ${num(m.bytes / 1e3, 0)} kB a copy), ${m.threads} threads, ${m.mode} mode.`,
      tone: CLAIM_TONE[m.verdict],
    },
  ];
}

export const memoryExplanation = (m: MemoryAnalysis): string[] => [
  `Warm-up: the first ${num(m.warmupFraction * 100, 0)}% of each process's passes, left out of every figure. ${m.method}`,
  m.rule,
];

/** The section, built once for the terminal, report.md and report.html. */
const memorySectionOf = (run: RunSummary, m: MemoryAnalysis): Section => ({
  id: 'memory',
  title: 'Memory over time and pass latency (claim 5)',
  terminalTitle: 'Memory over time and pass latency (claim 5):',
  verdicts: memoryVerdictLines(m),
  table: memoryTable(run, m),
  explanation: memoryExplanation(m),
});

export const memoryTerminalLines = (run: RunSummary, m: MemoryAnalysis): string[] => sectionToTerminal(memorySectionOf(run, m));

export const memoryMarkdownLines = (run: RunSummary, m: MemoryAnalysis): string[] => sectionToMarkdown(memorySectionOf(run, m));

export const memorySection = (run: RunSummary): Html => (run.memory ? sectionToHtml(memorySectionOf(run, run.memory)) : html``);

/** memory.csv: one row per pipeline process. */
export function memoryRows(m: MemoryAnalysis): Row[] {
  return [...m.pipelines.map((r) => pipelineCsvRow(m, r)), ...m.notImplemented.map((p) => ({ pipelineId: p.id, status: 'not implemented' }))];
}

function pipelineCsvRow(m: MemoryAnalysis, r: MemoryPipelineResult): Row {
  return {
    pipelineId: r.pipelineId,
    status: r.status,
    repeat: m.repeat,
    chunks: r.chunks,
    storedPoints: r.storedPoints,
    wallMs: r.wallMs,
    passes: r.passes,
    warmupPasses: r.warmupPasses,
    windowStartS: r.window?.startS ?? null,
    windowEndS: r.window?.endS ?? null,
    rssStartBytes: r.rss?.startBytes ?? null,
    rssEndBytes: r.rss?.endBytes ?? null,
    peakRssBytes: r.rss?.peakBytes ?? null,
    rssSamples: r.rss?.samples ?? null,
    ...estimateColumns('rssSlopeMiBPerMin', r.rss?.slopeMiBPerMin),
    memoryTrend: r.rss?.trend ?? null,
    latencyUnit: r.latency?.unit ?? null,
    latencyP50: r.latency?.p50 ?? null,
    latencyP99: r.latency?.p99 ?? null,
    latencyMax: r.latency?.max ?? null,
    maxOverP50: r.latency?.maxOverP50 ?? null,
    p99OverP50: r.latency?.p99OverP50 ?? null,
    latencyTrend: r.latency?.trend ?? null,
    verdict: m.verdict,
  };
}

export const memoryCsvRenderer: Renderer = {
  file: 'memory.csv',
  render: ({ summary }) => (summary.memory ? toCsv(memoryRows(summary.memory)) : null),
};
