/**
 * A report over several runs as text: report.md, runs.csv (a row per run and pipeline, for
 * dashboards and spreadsheets) and the terminal summary.
 */
import type { RunsReport } from '../runs-types.js';
import type { Estimate, RunSummary } from '../types.js';
import { toCsv } from './csv-columns.js';
import { mdCell } from './markdown-escape.js';
import { answersAcrossRuns, answersFamilyNote, factorsAcrossRuns, machinesTable, metricAcrossRuns, runLabel, runsIntro, runsListTable } from './runs-tables.js';
import { clean, type Table, tableToMarkdown, tableToTerminal } from './table.js';

export interface RunsRenderer {
  file: string;
  render(report: RunsReport): string;
}

const section = (title: string, table: Table, lead: string[] = []) => [
  `## ${title}`,
  '',
  ...lead.flatMap((l) => [mdCell(l), '']),
  ...tableToMarkdown(table),
  '',
];

export function renderRunsMarkdown(report: RunsReport): string {
  const answers = answersAcrossRuns(report);
  const title = report.kind === 'machines' ? `${report.machines.length} machines side by side` : 'the history of one machine';
  return [
    `# Bench report: ${report.runs.length} runs, ${title}`,
    '',
    ...runsIntro(report).flatMap((l) => [mdCell(l), '']),
    ...(report.kind === 'machines' ? section('Machines', machinesTable(report)) : []),
    ...section('Runs', runsListTable(report)),
    ...section('End to end (median)', metricAcrossRuns(report, 'wall')),
    ...section('Factor against the reference pipeline, within each run', factorsAcrossRuns(report), ["> 1x: faster than the run's reference pipeline."]),
    ...section('Embed throughput (tokens/s, median)', metricAcrossRuns(report, 'tokens_per_s:embed')),
    ...section('Peak RSS (median)', metricAcrossRuns(report, 'peak_rss')),
    ...(answers ? section('What the language and the engine cost, per run', answers, [answersFamilyNote(report)]) : []),
  ].join('\n');
}

export function renderRunsTerminal(report: RunsReport, reportPath: string): string {
  return [
    clean(runsIntro(report)[0]),
    '',
    'End to end (median):',
    tableToTerminal(metricAcrossRuns(report, 'wall')),
    '',
    'Factor against the reference pipeline, within each run:',
    tableToTerminal(factorsAcrossRuns(report)),
    '',
    `Report: ${reportPath}`,
    '',
  ].join('\n');
}

const estimate = (prefix: string, e: Estimate | undefined) => ({
  [prefix]: e?.value ?? null,
  [`${prefix}.ciLow`]: e?.ciLow ?? null,
  [`${prefix}.ciHigh`]: e?.ciHigh ?? null,
  [`${prefix}.level`]: e?.level ?? null,
});

function runRows(report: RunsReport, run: RunSummary) {
  const e = run.environment;
  return run.summaries.map((s) => ({
    column: runLabel(report, run),
    runId: run.runId,
    startedAt: run.startedAt,
    gitCommit: e.gitCommit,
    fingerprint: e.fingerprint,
    cpuModel: e.cpuModel,
    cpuCount: e.cpuCount,
    pipelineId: s.pipelineId,
    reference: s.reference,
    measured: s.measured,
    ...estimate('wallMs', s.metrics.wall?.ci),
    ...estimate('tokensPerSecond', s.metrics['tokens_per_s:embed']?.ci),
    ...estimate('peakRssBytes', s.metrics.peak_rss?.ci),
    ...estimate('factorVsReference', run.ratios.find((r) => r.candidateId === s.pipelineId && r.metric === 'wall')?.factor),
  }));
}

export const runsCsvRenderer: RunsRenderer = {
  file: 'runs.csv',
  render: (report) => toCsv(report.runs.flatMap((r) => runRows(report, r))),
};

export const runsMarkdownRenderer: RunsRenderer = { file: 'report.md', render: renderRunsMarkdown };
