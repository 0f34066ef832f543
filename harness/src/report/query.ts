/**
 * The query workload's section (claim 4): per pipeline and concurrency level, latency p50 / p99,
 * queries per second with the median's interval, the cold first query and the scaling, the
 * answers check, the pipelines that do not speak the job, the collection and who indexed it,
 * and claim 4's verdict with its rule, as analysis/query.ts decided them. Rendering only: the
 * same table and sentences go to the terminal, report.md and report.html, the figures to
 * query.csv.
 */
import type { Estimate, QueryAnalysis, QueryPipelineFigures, RunSummary } from '../types.js';
import { type Row, estimateColumns, toCsv } from './csv-columns.js';
import { type Html, html } from './html-escape.js';
import { cell, type Section, type Sentence, sectionToHtml, sectionToMarkdown, sectionToTerminal, type Table, type Tone } from './table.js';
import { CLAIM_TONE, intervalLabel, nameOf, num } from './text.js';
import type { Renderer } from './types.js';

const ms = (x: number | null) => (x === null ? 'n/a' : `${num(x, x < 10 ? 2 : 1)} ms`);
const interval = (e: Estimate, digits: number, runs: number) => `${num(e.ciLow, digits)}-${num(e.ciHigh, digits)}, ${intervalLabel(e, runs)}`;

function pipelineRows(run: RunSummary, p: QueryPipelineFigures) {
  const name = cell(nameOf(run, p.pipelineId), {
    note:
      [p.failedRuns ? `${p.failedRuns} failed run(s)` : '', p.answersAgree ? '' : 'answers differ: failed verification'].filter(Boolean).join('; ') ||
      undefined,
    tone: p.failedRuns || !p.answersAgree ? 'bad' : undefined,
  });
  const runs = Math.min(...p.levels.map((l) => l.runs));
  const cold = p.coldMs ? cell(ms(p.coldMs.value), { note: `${ms(p.coldMs.ciLow)}-${ms(p.coldMs.ciHigh)}` }) : cell('n/a');
  const scaling = p.scaling ? cell(`${num(p.scaling.value, 2)}x`, { note: interval(p.scaling, 2, runs) }) : cell('n/a');
  return p.levels.map((l, i) => [
    i === 0 ? name : cell(''),
    cell(String(l.concurrency)),
    cell(String(l.runs)),
    cell(ms(l.latencyP50Ms), { note: `${l.latencies} queries` }),
    cell(ms(l.latencyP99Ms)),
    l.qps ? cell(`${num(l.qps.value, 1)}`, { note: interval(l.qps, 1, l.runs) }) : cell('n/a', { tone: 'warn' }),
    i === 0 ? cold : cell(''),
    i === 0 ? scaling : cell(''),
  ]);
}

export function queryTable(run: RunSummary, q: QueryAnalysis): Table {
  const na = (p: { name: string }) => [
    cell(p.name),
    cell('n/a'),
    cell('0'),
    cell('not implemented', { tone: 'neutral' as Tone }),
    cell('n/a'),
    cell('n/a'),
    cell('n/a'),
    cell('n/a'),
  ];
  return {
    id: 'query',
    columns: [
      { label: 'pipeline', compact: true },
      { label: 'concurrency', compact: true },
      { label: 'runs' },
      { label: 'latency p50', compact: true },
      { label: 'latency p99', compact: true },
      { label: 'queries/s (median)', compact: true, noteInTerminal: true },
      { label: 'cold first query' },
      { label: `scaling c${Math.max(...q.concurrency)}/c${Math.min(...q.concurrency)}`, compact: true, noteInTerminal: true },
    ],
    rows: [...q.pipelines.flatMap((p) => pipelineRows(run, p)), ...q.notImplemented.map(na)],
  };
}

/** Claim 4's verdict, the collection and the answers check, in sentences. */
export function queryVerdictLines(run: RunSummary, q: QueryAnalysis): Sentence[] {
  const scale = (id: string) => {
    const e = q.pipelines.find((p) => p.pipelineId === id)?.scaling;
    return e ? `${nameOf(run, id)} ${num(e.value, 2)}x (${num(e.ciLow, 2)}-${num(e.ciHigh, 2)})` : `${nameOf(run, id)} n/a`;
  };
  const figures = q.basis ? `${scale(q.basis.rustId)} against ${scale(q.basis.pythonId)}` : 'no Rust and Python pipeline pair in this run';
  const index = q.index
    ? `The collection: ${q.index.points} points of the run's corpus, indexed once by ${nameOf(run, q.index.pipelineId)} in ${num(q.index.wallMs / 1000, 1)} s; every pipeline searched it.`
    : 'No collection was indexed.';
  const a = q.agreement;
  return [
    {
      text: `Claim 4 (Rust puts every core to work where Python's GIL holds threads back): ${q.verdict} - scaling from ${Math.min(...q.concurrency)} to ${Math.max(...q.concurrency)} concurrent queries: ${figures}; ${q.cores} cores cap the scaling of compute at about ${q.cores}x (above it: waits overlapped, see the rule).`,
      tone: CLAIM_TONE[q.verdict],
    },
    { text: index, tone: 'neutral' },
    {
      text: a.passed
        ? `Same answers: every pipeline's top ${q.topK} for each of the ${q.texts} texts matched ${a.referenceId ? nameOf(run, a.referenceId) : 'the reference'}'s (as sets, one id of ${q.topK} may differ).`
        : `ANSWERS DIFFER (${a.disagreeing.map((id) => nameOf(run, id)).join(', ') || 'none finished'} failed verification): ${a.problems.slice(0, 3).join('; ')}${a.problems.length > 3 ? ` (+${a.problems.length - 3} more)` : ''}`,
      tone: a.passed ? 'good' : 'bad',
    },
  ];
}

export function queryExplanation(q: QueryAnalysis): string[] {
  return [
    `The agent's retrieval loop: ${q.texts} texts, each embedded alone and searched for its top ${q.topK}, ${q.passes} pass(es) per level at concurrency ${q.concurrency.join(', ')}, ${q.threads} compute threads shared by the workers (pipelines/README.md, "The query job").`,
    q.method,
    q.rule,
  ];
}

/** The section, built once for the terminal, report.md and report.html. */
const querySectionOf = (run: RunSummary, q: QueryAnalysis): Section => ({
  id: 'query',
  title: 'Retrieval under concurrency (claim 4)',
  terminalTitle: 'Retrieval under concurrency (claim 4; medians):',
  verdicts: queryVerdictLines(run, q),
  table: queryTable(run, q),
  explanation: queryExplanation(q),
});

export const queryTerminalLines = (run: RunSummary, q: QueryAnalysis): string[] => sectionToTerminal(querySectionOf(run, q));

export const queryMarkdownLines = (run: RunSummary, q: QueryAnalysis): string[] => sectionToMarkdown(querySectionOf(run, q));

export const querySection = (run: RunSummary): Html => (run.query ? sectionToHtml(querySectionOf(run, run.query)) : html``);

/** query.csv: one row per pipeline and level (not-implemented pipelines with empty figures). */
export function queryRows(q: QueryAnalysis): Row[] {
  return [
    ...q.pipelines.flatMap((p) =>
      p.levels.map((l) => ({
        pipelineId: p.pipelineId,
        concurrency: l.concurrency,
        runs: l.runs,
        latencies: l.latencies,
        latencyP50Ms: l.latencyP50Ms,
        latencyP99Ms: l.latencyP99Ms,
        ...estimateColumns('qps', l.qps),
        ...estimateColumns('coldMs', p.coldMs),
        ...estimateColumns('scaling', p.scaling),
        answersAgree: p.answersAgree,
        failedRuns: p.failedRuns,
        verdict: q.verdict,
        implemented: true,
      })),
    ),
    ...q.notImplemented.map((p) => ({ pipelineId: p.id, implemented: false })),
  ];
}

export const queryCsvRenderer: Renderer = {
  file: 'query.csv',
  render: ({ summary }) => (summary.query ? toCsv(queryRows(summary.query)) : null),
};
