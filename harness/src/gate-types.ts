/**
 * The gate's results: the schema of `gate.json` (a candidate run judged against a baseline
 * run) and of the noise measurement (A/A runs). Written by analysis/gate, rendered by report.
 */
import type { Estimate, MetricId, SCHEMA_VERSION } from './types.js';

/** One metric of one pipeline as the gate judged it. */
export type Verdict =
  | 'regression'
  | 'improvement'
  /** no change beyond the threshold that the data can show */
  | 'unchanged'
  /** the estimate is beyond the threshold but not significant: too noisy to tell */
  | 'inconclusive'
  /** too few samples on one side for any verdict */
  | 'insufficient';

export interface MetricVerdict {
  pipelineId: string;
  pipelineName: string;
  metric: MetricId;
  label: string;
  better: 'lower' | 'higher';
  unit: string;
  baseline: { n: number; median: number };
  candidate: { n: number; median: number };
  /** candidate / baseline of the medians, with its interval. */
  ratio: Estimate;
  /** Two-sided p-value of the rank test. */
  pValue: number;
  threshold: number;
  verdict: Verdict;
  note: string;
}

/**
 * Why the gate cannot pass apart from regressions. `too-few-samples` alone gives no verdict
 * (exit 2); every other kind fails the gate (exit 1).
 */
export type GateProblem =
  | { kind: 'failed-iterations'; pipelineId: string; message: string }
  | { kind: 'unverified'; pipelineId: string; message: string }
  | { kind: 'no-successful-run'; pipelineId: string; message: string }
  | { kind: 'too-few-samples'; message: string };

/** The gate's result: the schema of gate.json. */
export interface GateReport {
  schemaVersion: typeof SCHEMA_VERSION;
  baselineRunId: string;
  candidateRunId: string;
  /** `baseline-file`: two separate runs; `same-machine`: both sides interleaved in one run. */
  mode: 'baseline-file' | 'same-machine';
  verdicts: MetricVerdict[];
  regressions: number;
  improvements: number;
  problems: GateProblem[];
  /** Things worth knowing that do not change the outcome. */
  notes: string[];
  exitCode: 0 | 1 | 2;
  headline: string;
}

/** One pipeline and metric of an A/A noise measurement. */
export interface NoiseRow {
  pipelineId: string;
  pipelineName: string;
  metric: MetricId;
  label: string;
  /** A/A pairs that had this metric on both sides. */
  pairs: number;
  /** Largest |new/old - 1| of the medians over the A/A pairs. */
  maxChange: number;
  /** Median half-width of the ratio's interval, relative (how wide one comparison's interval is). */
  ciHalfWidth: number;
  suggested: number;
}

export interface NoiseReport {
  rows: NoiseRow[];
  /** Safety margin over the largest A/A change, and the floor of any suggested threshold. */
  margin: number;
  floor: number;
  /** The `check` section to put in bench.config.json. */
  suggestedConfig: { thresholds: Record<'time' | 'memory' | 'throughput', number>; overrides: Array<{ pipeline?: string; metric?: string; threshold: number }> };
}
