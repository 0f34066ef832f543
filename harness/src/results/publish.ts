/**
 * The reports of a run, written into its directory (each atomically): gathers what the
 * renderers need (the gate's verdict against a baseline run, earlier runs of the same
 * workload), has report/ render it, and writes the files.
 */
import { dirname, join } from 'node:path';
import { withClaims } from '../analysis/claims.js';
import { evaluateGate } from '../analysis/gate/evaluate.js';
import type { GateReport } from '../gate-types.js';
import { renderReports } from '../report/index.js';
import type { RunSummary } from '../types.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic.js';
import { findHistory } from './history.js';
import { loadSummary } from './summary-file.js';

export interface WriteReportsOptions {
  /** A baseline run (or the path of its summary.json / run dir): the report then shows the gate's verdict against it. */
  baseline?: RunSummary | string;
  /** A verdict already reached (e.g. by bench:check); takes precedence over `baseline`. */
  gate?: GateReport;
  /** Earlier runs of the same workload for the history chart; default: those found next to runDir (results/). */
  history?: RunSummary[];
}

function gateAgainst(summary: RunSummary, baseline: RunSummary | string, notes: string[]): GateReport | null {
  try {
    return evaluateGate(typeof baseline === 'string' ? loadSummary(baseline) : baseline, summary);
  } catch (e) {
    notes.push(`no comparison with the baseline run: ${(e as Error).message}`);
    return null;
  }
}

/** Returns the paths written, keyed by file name. */
export function writeReports(runDir: string, summary: RunSummary, options: WriteReportsOptions = {}): Record<string, string> {
  const notes: string[] = [];
  const gate = options.gate ?? (options.baseline ? gateAgainst(summary, options.baseline, notes) : null);
  const history = options.history ?? findHistory(dirname(runDir), summary);
  const written: Record<string, string> = {};
  // every report opens with the claims table, summary.json included
  for (const { file, text } of renderReports({ summary: withClaims(summary), gate, history })) {
    const path = join(runDir, file);
    writeFileAtomic(path, text);
    written[file] = path;
  }
  if (notes.length) process.stderr.write(notes.join('\n') + '\n');
  return written;
}

/**
 * The reports, or at least summary.json: the data must survive a renderer's bug. `say` is told
 * when only summary.json could be written.
 */
export function publishRun(runDir: string, summary: RunSummary, say: (message: string) => void, options: WriteReportsOptions = {}): void {
  try {
    writeReports(runDir, summary, options);
  } catch (err) {
    writeJsonAtomic(join(runDir, 'summary.json'), summary);
    say(`reports could not be written (${(err as Error).message}); summary.json was`);
  }
}
