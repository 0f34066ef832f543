/**
 * Writes every report of a run into its directory, each atomically (temp file + rename), so
 * a reader never sees half a file.
 */
import { dirname, join } from 'node:path';
import { compareRuns, type CheckReport } from '../compare/compare.js';
import { loadSummary, writeFileAtomic } from '../compare/baseline-file.js';
import { findHistory } from '../compare/history.js';
import type { RunSummary } from '../types.js';
import { csvRenderer } from './csv.js';
import { htmlRenderer } from './html.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import type { Renderer, ReportInput } from './types.js';

export const RENDERERS: Renderer[] = [jsonRenderer, csvRenderer, markdownRenderer, htmlRenderer];

export interface WriteReportsOptions {
  /** A baseline run (or the path of its summary.json / run dir): the report then shows the comparison (ratio with CI per metric). */
  baseline?: RunSummary | string;
  /** A comparison already made (e.g. by bench:check); takes precedence over `baseline`. */
  comparison?: CheckReport;
  /** Earlier runs of the same workload for the history chart; default: those found next to runDir (results/). */
  history?: RunSummary[];
}

/** Returns the paths written, keyed by file name. */
export function writeReports(runDir: string, summary: RunSummary, options: WriteReportsOptions = {}): Record<string, string> {
  let comparison = options.comparison ?? null;
  const notes: string[] = [];
  if (!comparison && options.baseline) {
    try {
      const baseline = typeof options.baseline === 'string' ? loadSummary(options.baseline) : options.baseline;
      comparison = compareRuns(baseline, summary);
    } catch (e) {
      notes.push(`no comparison with the baseline: ${(e as Error).message}`);
    }
  }
  const input: ReportInput = { summary, comparison, history: options.history ?? findHistory(dirname(runDir), summary) };
  const written: Record<string, string> = {};
  for (const r of RENDERERS) {
    const path = join(runDir, r.file);
    writeFileAtomic(path, r.render(input));
    written[r.file] = path;
  }
  if (notes.length) process.stderr.write(notes.join('\n') + '\n');
  return written;
}

export { renderTerminalSummary } from './terminal.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { flattenIteration } from './csv.js';
export type { Renderer, ReportInput } from './types.js';
