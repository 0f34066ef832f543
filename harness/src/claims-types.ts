/**
 * The claims table (issue 16): one row per claim of the article, built once by
 * analysis/claims.ts from a run's results and rendered by every report (types.ts's RunSummary
 * carries it through ClaimsRunFields).
 */
import type { ClaimVerdict } from './overhead-types.js';
import type { Estimate } from './types.js';

/** The article's claims, numbered as issue 16 numbers them. */
export const CLAIM_NUMBERS = [1, 2, 3, 4, 5] as const;
export type ClaimNumber = (typeof CLAIM_NUMBERS)[number];

/** One measured figure a verdict rests on: a value with its interval and how it was made. */
export interface ClaimFigure {
  /** What was measured, in words: "Python (LangChain) / Rust (Candle), end to end, 70k (85 chunks)". */
  label: string;
  /** `ratio`: a factor (x); `share`: a fraction of 1; otherwise the unit in words ("s/GB"). */
  unit: string;
  estimate: Estimate;
  /** This figure's own verdict, when the row's verdict combines several. */
  verdict?: ClaimVerdict;
}

export interface ClaimRow {
  claim: ClaimNumber;
  /** The claim in the report's own words. */
  statement: string;
  /** The workload that measures it. */
  workload: string;
  /** The command that measures it on its own (`npm run bench -- --claims` measures every row). */
  command: string;
  /** False: "not measured in this run" (then `figures` is empty and the verdict is `not measured`). */
  measured: boolean;
  figures: ClaimFigure[];
  verdict: ClaimVerdict | 'not measured';
  /** The rule the verdict was decided by, in words (for a row not measured: why not). */
  rule: string;
  /** Anything the verdict's reader must know (a claim judged at one size only, a workload this version lacks). */
  note: string | null;
}

export interface ClaimsTable {
  rows: ClaimRow[];
  /** The machine the figures were measured on, in words (CPU model, cores). */
  machine: string;
  /** Compute threads every pipeline was given. */
  threads: number;
  /** The one command that measures every claim this bench can measure. */
  allCommand: string;
}

/** The fields of a run (types.ts RunSummary) that the claims table adds. */
export interface ClaimsRunFields {
  /** The claims table; every published report opens with it (results/publish.ts adds it). */
  claims?: ClaimsTable | null;
  /** Set on a `--claims` run: the workload runs it is made of, each in its own directory. */
  claimsRun?: ClaimsRunPart[];
  /** The embed stage's achieved GFLOP/s against this machine's GEMM peak (a `--claims` run). */
  roofline?: RooflineAnalysis | null;
}

/** One workload run of a `--claims` run. */
export interface ClaimsRunPart {
  workload: string;
  /** Its run directory, relative to the claims run's. */
  runDir: string;
  status: 'complete' | 'interrupted' | 'failed';
  /** Its length, ms. */
  ms: number;
  /** What its figures rest on (corpus, runs, sizes: run/claims-plan.ts partSettings); absent in runs before it was recorded. */
  settings?: string;
}

/** This machine's fp32 GEMM peak as one engine reaches it (run/claims-gemm.ts). */
export interface GemmCalibration {
  /** Best of `reps` n x n x n products: 2 n^3 / seconds. */
  gflops: number;
  seconds: number;
  n: number;
  reps: number;
  threads: number;
  /** The engine that gave the peak, e.g. "PyTorch 2.15.0 torch.mm" */
  engine: string;
  /** Its BLAS (e.g. mkl) and the instruction set it dispatched to (e.g. AVX512). */
  blas: string;
  isa: string;
}

/** One pipeline's embed stage against the peak. */
export interface RooflinePipeline {
  pipelineId: string;
  runs: number;
  /** Real (unpadded) tokens per chunk, median over the runs. */
  tokensPerChunk: number;
  /** The model's FLOPs for one run's chunks at their real lengths, median. */
  gflopPerRun: number;
  /** FLOPs / the embed stage's busy time, median over the runs. */
  achievedGflops: number;
  fractionOfPeak: number;
}

export interface RooflineAnalysis {
  gemm: GemmCalibration;
  model: { name: string; layers: number; hidden: number; intermediate: number };
  /** Which run's iterations the pipelines' figures come from, in words. */
  source: string;
  /** How the FLOPs were counted, in words. */
  method: string;
  pipelines: RooflinePipeline[];
}
