/** What analysis/scale.ts derives from a `scale` run (re-exported by types.ts, the schema's entry). */
import type { ClaimVerdict } from './overhead-types.js';
import type { Estimate } from './types.js';

/** A corpus size of `--sizes`: a byte budget (files in path order while the sum stays within) or `all` (the run's subset). */
export type ScaleSizeSpec = number | 'all';

/** An interval from the bootstrap: NOT an exact-coverage interval (stats/README.md), so it carries no `level`. */
export interface BootstrapEstimate {
  value: number;
  /** 2.5th and 97.5th percentiles of the refits; NaN when too few refits had a value. */
  low: number;
  high: number;
  method: 'bootstrap-percentile';
  resamples: number;
}

/** One pipeline at one corpus size: its measured runs. */
export interface ScaleSizePipeline {
  pipelineId: string;
  runs: number;
  /** Median end to end with the order-statistic interval of the median (exact coverage). */
  wallMs: Estimate | null;
  /** Chunks this pipeline made (the same for every pipeline: the proof checks it). */
  chunks: number | null;
}

/** One corpus size: a whole index run of its own (its run dir holds every report of that size). */
export interface ScaleSize {
  label: string;
  /** The byte budget asked (null: every file). */
  budgetBytes: number | null;
  bytes: number;
  files: number;
  /** Median chunks over the pipelines' runs. */
  chunks: number | null;
  /** The size's own run directory, relative to the scale run's. */
  runDir: string;
  status: 'complete' | 'interrupted' | 'failed';
  verified: boolean | null;
  pipelines: ScaleSizePipeline[];
  /** Pipeline ids by median end to end, fastest first. */
  ranking: string[];
}

/** One measured run as a point of the fit. */
export interface ScalePoint {
  pipelineId: string;
  size: number;
  chunks: number;
  wallMs: number;
}

/** wall(N) = fixed + N x perChunk, least squares over every measured run of every size. */
export interface ScaleFit {
  pipelineId: string;
  runs: number;
  sizes: number;
  fixedMs: BootstrapEstimate;
  perChunkMs: BootstrapEstimate;
  /** Root mean square of the residuals, ms. */
  rmsResidualMs: number;
}

/** Where two fitted lines cross: below it one pipeline is faster, beyond it the other. */
export interface ScaleCrossover {
  a: string;
  b: string;
  /** The crossing from the fit of all runs (chunks); null when the lines do not cross at a positive size. */
  chunks: number | null;
  /** Percentiles of the crossing over the refits in which it exists. */
  low: number;
  high: number;
  /** Share of the refits in which the lines cross at a positive size. */
  shareOfResamples: number;
  fasterBelow: string;
  fasterBeyond: string;
  /** The crossing lies between the smallest and the largest measured size. */
  withinMeasured: boolean;
}

/** The measured order of the pipelines changed between two consecutive sizes. */
export interface ScaleRankingChange {
  from: string;
  to: string;
  before: string[];
  after: string[];
}

/** Claim 1 at one size: the Python pipeline's end to end / the Rust pipeline's (> 1: Rust faster). */
export interface ScaleClaim {
  size: string;
  chunks: number | null;
  rustId: string;
  pythonId: string;
  runs: [number, number];
  /** Python / Rust: Hodges-Lehmann with the exact Mann-Whitney interval at 1 - alpha. */
  speedup: Estimate | null;
  pValue: number;
  verdict: ClaimVerdict;
}

export interface ScaleAnalysis {
  sizes: ScaleSize[];
  points: ScalePoint[];
  fits: ScaleFit[];
  crossovers: ScaleCrossover[];
  rankingChanges: ScaleRankingChange[];
  claims: ScaleClaim[];
  /** Every claim interval is at 1 - alpha (Bonferroni over sizes x Rust-Python pairs). */
  alpha: number;
  tests: number;
  /** "About 1.5x": the band the speedup's interval is judged against. */
  band: [number, number];
  rule: string;
  /** How the fit and its intervals were made, in words. */
  fitMethod: string;
  /** Measured runs per pipeline at each size, and warmups (first size only). */
  runsPerSize: number;
  warmupFirstSize: number;
}
