/** What analysis/overhead.ts derives from an `overhead` run (re-exported by types.ts, the schema's entry). */
import type { ScaleAnalysis } from './scale-types.js';
import type { MemoryAnalysis } from './memory-types.js';
import type { QueryAnalysis } from './query-types.js';
import type { TokenizeAnalysis } from './tokenize-types.js';
import type { Estimate } from './types.js';
export type * from './scale-types.js';
export type * from './tokenize-types.js';
export type * from './query-types.js';
export type * from './threads-types.js';
export type * from './memory-types.js';

/** The jobs `npm run bench -- --workload` can run; `index` is the default (today's job). */
export const WORKLOADS = ['index', 'overhead', 'scale', 'tokenize', 'query', 'threads', 'memory'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** The fields of a pipeline (types.ts PipelineSpec) that make it a stub-mode twin of `--workload overhead`. */
export interface StubTwinFields {
  /** Set on a stub-mode twin: the id of the pipeline it is the stub-mode run of. */
  stubTwinOf?: string;
  /** This pipeline's mode when it differs from the run's (`settings.mode`): the stub twins. */
  mode?: 'full' | 'stub';
}

/** The fields of a run (types.ts RunSummary) that the workloads add. */
export interface OverheadRunFields {
  /** The job this run measured (`--workload`); absent in older summaries: read as `index`. */
  workload?: Workload;
  /** Inference vs everything else per pipeline and claim 2's verdict (`--workload overhead` only). */
  overhead?: OverheadAnalysis | null;
  /** End to end at several corpus sizes, fixed + per-chunk cost fitted, crossovers, claim 1 per size (`--workload scale` only). */
  scale?: ScaleAnalysis | null;
  /** Tokenizer throughput per pipeline and pass, claim 3's verdict (`--workload tokenize` only). */
  tokenize?: TokenizeAnalysis | null;
  /** Retrieval latency and queries/s per pipeline and concurrency level, claim 4's verdict (`--workload query` only). */
  query?: QueryAnalysis | null;
  /** RSS slope after warm-up and per-pass latency per pipeline, claim 5's verdict (`--workload memory` only). */
  memory?: MemoryAnalysis | null;
}

export type ClaimVerdict = 'holds' | 'does not hold' | 'inconclusive';

/** One pipeline measured in full mode (the model) and in stub mode (hash embedding, no model) in the same run. */
export interface OverheadPipeline {
  pipelineId: string;
  /** The id of its stub-mode twin in this run (`<id>-stub`). */
  stubId: string;
  /** Successful measured runs in each mode. */
  runs: { full: number; stub: number };
  /** Median end to end in full mode, ms. */
  fullMs: number | null;
  /** Median end to end in stub mode, ms: the time spent outside inference ("elsewhere"). */
  elsewhereMs: number | null;
  /** fullMs - elsewhereMs: model load, tokenization and the forward passes. */
  inferenceMs: number | null;
  /** Median busy time of the embed stage in full mode, ms (its own clock). */
  embedMs: number | null;
  /** Median model_load stage in full mode, ms. */
  modelLoadMs: number | null;
  /** Inference as a share of end to end: 1 - (stub / full), Hodges-Lehmann with the exact Mann-Whitney interval. */
  inferenceShare: Estimate | null;
  /** Claim 2's first half for this pipeline: inference takes most (> 50%) of end to end. */
  inferenceMostly: ClaimVerdict;
}

/** Two pipelines: the one faster end to end (full mode) against the other. */
export interface OverheadPair {
  fasterId: string;
  slowerId: string;
  /** faster's stub end to end / slower's (< 1: less time outside inference), with its interval. */
  elsewhere: Estimate;
  pValue: number;
  significant: boolean;
  /** Successful measured stub runs behind the ratio: [faster, slower]. */
  runs: [number, number];
  /** faster's full end to end / slower's (< 1: faster), with its interval: the gain claim 2 explains. */
  endToEnd: Estimate;
  /** The end-to-end gain is significant (interval excludes 1, rank test p < alpha); without it the gain has nothing to explain. */
  endToEndSignificant: boolean;
  /** Median full end to end: slower - faster, ms. */
  endToEndGapMs: number;
  /** Median stub end to end: slower - faster, ms. */
  elsewhereGapMs: number;
  /** elsewhereGapMs / endToEndGapMs: how much of the end-to-end gain is outside inference (medians). */
  gapShareElsewhere: number;
  /** Claim 2's second half: the faster one's gain comes from lower overhead. */
  gainFromOverhead: ClaimVerdict;
  /** Both halves: holds when both hold, does not hold when either does not. */
  verdict: ClaimVerdict;
}

export interface OverheadAnalysis {
  pipelines: OverheadPipeline[];
  pairs: OverheadPair[];
  /** Every interval of the section is at 1 - alpha (Bonferroni over the pipelines' shares and the pairs' two ratios). */
  alpha: number;
  tests: number;
  /** The decision rule, in words (the report prints it). */
  rule: string;
}
