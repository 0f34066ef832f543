/**
 * The gate's results: the schema of `gate.json` (a candidate run judged against a baseline
 * run) and of the noise measurement (A/A runs). Written by analysis/gate, rendered by report.
 */
import type { PowerAnswer } from './stats/index.js';
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
  /** candidate / baseline (Hodges-Lehmann estimate), with its exact rank interval at 1 - alpha. */
  ratio: Estimate;
  /** Two-sided p-value of the exact rank test. */
  pValue: number;
  /** The level this comparison was tested at (0.05 / family size for a gated metric). */
  alpha: number;
  threshold: number;
  verdict: Verdict;
  note: string;
  /** Gated metrics only: the smallest worsening the gate detects with 80% power here, and the runs it needs for `check.mustDetect` (simulated from these samples' noise). */
  power?: PowerAnswer & { note: string };
}

/**
 * Why the gate cannot pass apart from regressions. `too-few-samples` and `underpowered` alone
 * give no verdict (exit 2); every other kind fails the gate (exit 1).
 */
export type GateProblem =
  | { kind: 'failed-iterations'; pipelineId: string; message: string }
  | { kind: 'unverified'; pipelineId: string; message: string }
  | { kind: 'no-successful-run'; pipelineId: string; message: string }
  | { kind: 'too-few-samples'; message: string }
  /** Only with --require-power: the run could not have seen `check.mustDetect` on some gated metric. */
  | { kind: 'underpowered'; message: string };

/** The gate's result: the schema of gate.json. */
export interface GateReport {
  schemaVersion: typeof SCHEMA_VERSION;
  baselineRunId: string;
  candidateRunId: string;
  /** `baseline-file`: two separate runs; `same-machine`: both sides interleaved in one run. */
  mode: 'baseline-file' | 'same-machine';
  /** The gated (primary) metrics: end to end, peak memory, embed throughput. */
  verdicts: MetricVerdict[];
  /** The stages, judged alike but never gated: where a change came from. */
  diagnostics: MetricVerdict[];
  /** The family the gated verdicts were corrected over: pipelines x primary metrics, Bonferroni. */
  family: { comparisons: number; correction: 'bonferroni'; alpha: number };
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
  /** Runs per side at which the gate (at the suggested threshold) detects a worsening of `target` with 80% power; null: more than `maxRuns`. */
  runsForTarget: number | null;
  /** The most runs per side the power simulation tried. */
  maxRuns: number;
  target: number;
}

export interface NoiseReport {
  rows: NoiseRow[];
  /** Safety margin over the largest A/A change, and the floor of any suggested threshold. */
  margin: number;
  floor: number;
  /** The `check` section to put in bench.config.json. */
  suggestedConfig: {
    thresholds: Record<'time' | 'memory' | 'throughput', number>;
    overrides: Array<{ pipeline?: string; metric?: string; threshold: number }>;
  };
  /** Measured iterations per side for the gate (`--iterations`): the most any row needs; null: some row needs more than 40. */
  iterations: number | null;
  /** The worsening the gate must detect with 80% power (check.mustDetect). */
  mustDetect: number;
}
