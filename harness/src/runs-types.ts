/**
 * Several runs of one workload put side by side (`npm run report -- RUN...`): runs on different
 * machines (a machine per column) or the history of one machine. Built by analysis/runs.ts,
 * rendered by report/runs-*.ts; not part of summary.json (each run keeps its own).
 */
import type { RunSummary, WorkloadSettings } from './types.js';

/** One kind of machine (its fingerprint) and the runs made on it. */
export interface Machine {
  fingerprint: string;
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  os: string;
  runs: number;
}

export interface RunsReport {
  /** `machines`: runs of more than one kind of machine, side by side; `history`: runs of one machine, oldest first. */
  kind: 'machines' | 'history';
  /** In column order: as given for machines (grouped by machine), by start time for a history. */
  runs: RunSummary[];
  machines: Machine[];
  /** Every pipeline of any run, in the order first met. */
  pipelines: Array<{ id: string; name: string }>;
  /** The workload all runs share (they were refused otherwise). */
  settings: WorkloadSettings;
}
