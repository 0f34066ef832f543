/** What a `--workload tokenize` run records and analysis/tokenize.ts derives (re-exported through overhead-types.ts, the workloads' fields of a run). */
import type { ClaimVerdict } from './overhead-types.js';
import type { JobProcessRecord } from './job-types.js';
import type { Estimate } from './types.js';

/** The two passes of the tokenize job (pipelines/README.md, "The tokenize job"). */
export const TOKENIZE_MODES = ['batched', 'single'] as const;
export type TokenizeMode = (typeof TOKENIZE_MODES)[number];

/** One pipeline process of the tokenize job. */
export interface TokenizeProcess extends JobProcessRecord {
  /** From `done`: the grown corpus and its token counts. */
  documents: number | null;
  bytes: number | null;
  tokens: number | null;
  tokensUntruncated: number | null;
  /** busy_ms of each pass; null when it did not finish. */
  passMs: Record<TokenizeMode, number | null>;
  /** Tokens each pass counted (they must be equal). */
  passTokens: Record<TokenizeMode, number | null>;
}

/** One pass of one pipeline over the measured runs. */
export interface TokenizeModeFigures {
  mode: TokenizeMode;
  /** Successful measured runs behind the figures. */
  runs: number;
  /** Cores the pass can use: the run's threads for batched (a parallel batch call; 1 for a binding without one), 1 one at a time. */
  cores: number;
  /** Seconds per 10^9 bytes: the median with its distribution-free interval (stats/README.md). */
  secondsPerGb: Estimate | null;
  /** MB (10^6 bytes) per second per core, the same runs (the interval's bounds are the s/GB bounds turned round). */
  mbPerSecondPerCore: Estimate | null;
  /** Against claim 3's 20 s/GB: holds when the interval's upper bound is below, does not hold when its lower bound is above. */
  verdict: ClaimVerdict;
}

export interface TokenizePipelineFigures {
  pipelineId: string;
  /** The binding as its `ready` event names it, e.g. `tokenizers 0.23.3`. */
  binding: string;
  /** True when the binding is Hugging Face's Rust crate (the Rust crate itself or the Python `tokenizers` wrapping it). */
  rustTokenizers: boolean;
  /** Whether its batch call runs on several threads (false for the pure JavaScript library). */
  parallelBatches: boolean;
  modes: TokenizeModeFigures[];
  failedRuns: number;
}

export interface TokenizeAnalysis {
  /** The asked size of the grown corpus (tokenize.target_bytes). */
  targetBytes: number;
  /** The grown corpus as the pipelines reported it (the first successful run's). */
  documents: number | null;
  bytes: number | null;
  tokens: number | null;
  tokensUntruncated: number | null;
  threads: number;
  embedBatchSize: number;
  pipelines: TokenizePipelineFigures[];
  /** Pipelines of the run that do not speak the tokenize job (not in the config's set "tokenize"): "not implemented", not failed. */
  notImplemented: Array<{ id: string; name: string }>;
  /** Every pipeline and pass reported the same documents, bytes, tokens and untruncated tokens. */
  agreement: { passed: boolean; problems: string[] };
  thresholdSecondsPerGb: number;
  /** Claim 3's verdict, from the pass `basis` names (the fastest pass of a Rust-crate binding). */
  verdict: ClaimVerdict;
  basis: { pipelineId: string; mode: TokenizeMode } | null;
  /** The rule, in words. */
  rule: string;
  processes: TokenizeProcess[];
}
