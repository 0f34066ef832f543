/**
 * The renderers of a run: each turns what analysis produced (a RunSummary, a gate verdict,
 * earlier runs) into one file's text. Rendering only: nothing here computes a statistic,
 * reads a file or judges a change (results/publish.ts writes what these return).
 */
import { claimsCsvRenderer } from './claims.js';
import { csvRenderer } from './csv.js';
import { bencherRenderer } from './export-bencher.js';
import { benchmarkActionBiggerRenderer, benchmarkActionSmallerRenderer } from './export-github-action-benchmark.js';
import { htmlRenderer } from './html.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import { answersCsvRenderer, matrixCsvRenderer } from './matrix-csv.js';
import { overheadCsvRenderer, overheadPairsCsvRenderer } from './overhead-csv.js';
import { scaleClaimsCsvRenderer, scaleCsvRenderer, scaleFitCsvRenderer } from './scale-csv.js';
import { memoryCsvRenderer } from './memory.js';
import { queryCsvRenderer } from './query.js';
import { threadsCsvRenderer } from './threads.js';
import { tokenizeCsvRenderer } from './tokenize.js';
import type { Renderer, ReportInput } from './types.js';

/** The reports, then the exports for dashboards (github-action-benchmark, Bencher). */
export const RENDERERS: Renderer[] = [
  jsonRenderer,
  claimsCsvRenderer,
  csvRenderer,
  matrixCsvRenderer,
  answersCsvRenderer,
  overheadCsvRenderer,
  overheadPairsCsvRenderer,
  scaleCsvRenderer,
  scaleFitCsvRenderer,
  scaleClaimsCsvRenderer,
  tokenizeCsvRenderer,
  queryCsvRenderer,
  memoryCsvRenderer,
  threadsCsvRenderer,
  markdownRenderer,
  htmlRenderer,
  benchmarkActionSmallerRenderer,
  benchmarkActionBiggerRenderer,
  bencherRenderer,
];

/** Every file this run has something for. */
export function renderReports(input: ReportInput): Array<{ file: string; text: string }> {
  return RENDERERS.map((r) => ({ file: r.file, text: r.render(input) })).filter((f): f is { file: string; text: string } => f.text !== null);
}

export { renderTerminalSummary } from './terminal.js';
export { RUNS_RENDERERS, renderRunsTerminal } from './runs.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderGateMarkdown, renderGateJson, renderNoiseMarkdown } from './gate-markdown.js';
export { flattenIteration } from './csv.js';
export type { Renderer, ReportInput } from './types.js';
