/** What the `memory` workload (claim 5) records per process and what analysis/memory.ts derives (re-exported by types.ts through overhead-types.ts). */
import type { ClaimVerdict } from './overhead-types.js';
import type { Estimate } from './types.js';

/** One forward pass as the pipeline's `batch` event reported it; `endMs` is its t_ms on the process's clock (ms since spawn). */
export interface MemoryBatch {
  index: number;
  size: number;
  tokens: number;
  ms: number;
  endMs: number;
}

/** One pipeline process indexing the repeated corpus. */
export interface MemoryProcess {
  pipelineId: string;
  status: 'ok' | 'failed';
  failure: string | null;
  /** Fork to exit, ms. */
  wallMs: number;
  /** Copies of the corpus's file list in the workload. */
  repeat: number;
  /** From `done`: every chunk of every copy (null without `done`). */
  chunks: number | null;
  tokens: number | null;
  /** Points in the collection afterwards: the chunks of one copy (the copies overwrite the same ids). */
  storedPoints: number | null;
  peakRssBytes: number | null;
  /** [ms since spawn, RSS of the process tree in bytes], every `sampleIntervalMs`. */
  rssTimeline: Array<[number, number]>;
  sampleIntervalMs: number;
  /** The embed stage's start and end, ms since spawn (null when it never ran). */
  embedStartMs: number | null;
  embedEndMs: number | null;
  batches: MemoryBatch[];
  stderrFile: string;
}

/** The memory verdict of one pipeline: its RSS after warm-up (analysis/memory.ts states the rule). */
export type MemoryTrend = 'flat' | 'creeps' | 'inconclusive';
/** The latency verdict of one pipeline: no pass took twice the median (per 1,000 tokens), or one did. */
export type LatencyTrend = 'steady' | 'pauses';

export interface MemoryLatency {
  /** `ms per 1,000 tokens` (full mode) or `ms per text` (stub mode: no tokens). */
  unit: string;
  passes: number;
  p50: number;
  p99: number;
  max: number;
  p99OverP50: number;
  maxOverP50: number;
  /** The raw pass times, ms (p50 and max), for the reader's scale. */
  rawP50Ms: number;
  rawMaxMs: number;
  trend: LatencyTrend;
}

export interface MemoryRss {
  /** RSS samples inside the window. */
  samples: number;
  /** The fitted line's value at the window's start and end, bytes. */
  startBytes: number;
  endBytes: number;
  peakBytes: number | null;
  /** RSS slope after warm-up in MiB per minute, OLS with a Newey-West interval (method 'ols-newey-west'). */
  slopeMiBPerMin: Estimate;
  /** The interval's upper end over 10 minutes, as a share of the RSS at the window's start. */
  growthShareHigh: number;
  trend: MemoryTrend;
}

export interface MemoryPipelineResult {
  pipelineId: string;
  status: 'ok' | 'failed';
  failure: string | null;
  wallMs: number;
  chunks: number | null;
  storedPoints: number | null;
  /** Passes reported; the first `warmupPasses` of them are the warm-up, left out of every figure. */
  passes: number;
  warmupPasses: number;
  /** The window after warm-up, s since spawn (null: no passes, or too few). */
  window: { startS: number; endS: number } | null;
  rss: MemoryRss | null;
  /** null: the pipeline wrote no batch events (not implemented) or too few passes. */
  latency: MemoryLatency | null;
  /** Why a figure is missing, in words. */
  notes: string[];
}

export interface MemoryAnalysis {
  repeat: number;
  /** One copy of the corpus: files and bytes. */
  files: number;
  bytes: number;
  threads: number;
  mode: 'full' | 'stub';
  warmupFraction: number;
  /** Growth per 10 minutes, as a share of the start RSS, at which memory creeps (the slope interval's upper end must lie under it to be flat). */
  growthBound: number;
  /** max / p50 at or above which a pipeline pauses. */
  pauseBound: number;
  pipelines: MemoryPipelineResult[];
  /** Pipelines of the run that write no batch events (not in the config's set "memory"): not run. */
  notImplemented: Array<{ id: string; name: string }>;
  verdict: ClaimVerdict;
  rule: string;
  method: string;
}
