/** What every renderer gets, and the one small interface they share. */
import type { CheckReport } from '../compare/compare.js';
import type { RunSummary } from '../types.js';

export interface ReportInput {
  summary: RunSummary;
  /** The gate's verdicts against a baseline, when one was given. */
  comparison: CheckReport | null;
  /** Earlier runs of the same workload, oldest first (the current run excluded). */
  history: RunSummary[];
}

export interface Renderer {
  /** File name inside the run directory. */
  file: string;
  render(input: ReportInput): string;
}
