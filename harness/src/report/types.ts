/** What every renderer gets, and the one small interface they share. */
import type { GateReport } from '../gate-types.js';
import type { RunSummary } from '../types.js';

export interface ReportInput {
  summary: RunSummary;
  /** The gate's verdicts against a baseline run, when one was given. */
  gate: GateReport | null;
  /** Earlier runs of the same workload, oldest first (the current run excluded). */
  history: RunSummary[];
}

export interface Renderer {
  /** File name inside the run directory. */
  file: string;
  /** The file's text; null: this run has nothing for this file (it is not written). */
  render(input: ReportInput): string | null;
}
