/** What analysis/threads.ts derives from a `threads` run (re-exported by types.ts, the schema's entry). */
import type { ClaimVerdict } from './overhead-types.js';
import type { QueryIndexRecord, QueryProcess } from './query-types.js';
import type { Estimate } from './types.js';

/** The fields of a pipeline (types.ts PipelineSpec) that make it one thread count of `--workload threads`. */
export interface ThreadTwinFields {
  /** Set on a thread-count twin: the pipeline it runs (id and display name) at `threadCount` threads. */
  threadsOf?: { id: string; name: string };
  /** This pipeline's thread count when it differs from the run's (`settings.threads`): the thread-count twins. */
  threadCount?: number;
}

/** One pipeline at one thread count: its measured runs. */
export interface ThreadsLevel {
  threads: number;
  /** The twin's pipeline id in the run (`<id>-t<threads>`). */
  twinId: string;
  runs: number;
  /** Median end to end with the order-statistic interval of the median. */
  wallMs: Estimate | null;
  /** Median busy time of the embed stage (where the thread pools work), same interval. */
  embedMs: Estimate | null;
  /** time(1) / time(t) of end to end and of the embed stage: Hodges-Lehmann with the exact Mann-Whitney interval at 1 - alpha (null at t = 1). */
  wallSpeedup: Estimate | null;
  embedSpeedup: Estimate | null;
  /** Speed-up / t, the same interval divided by t. */
  wallEfficiency: Estimate | null;
  embedEfficiency: Estimate | null;
  /** The thread count the pipeline's `ready` event reported (null: none reported). */
  reported: number | null;
  /** The query job at this thread count (null: the pipeline does not speak it, or the run has no query part). */
  query?: ThreadsQueryLevel | null;
}

/** The query job at one thread count: one sample per measured process, its one level's span. */
export interface ThreadsQueryLevel {
  /** Successful measured query processes. */
  runs: number;
  /** Queries per second of each process (its level's queries / the stage's span): median with the order-statistic interval. */
  qps: Estimate | null;
  /** qps(t) / qps(1) = span(1) / span(t) (every process answers the same queries): Hodges-Lehmann with the exact Mann-Whitney interval (null at t = 1). */
  speedup: Estimate | null;
  /** Speed-up / t, the same interval divided by t. */
  efficiency: Estimate | null;
  failedRuns: number;
}

/** What the threads workload's query part ran: the run side's record (RunSummary.threadsQuery). */
export interface ThreadsQueryRecord {
  /** The one concurrency level every process answers at (the query section's highest), the same at every thread count. */
  concurrency: number;
  passes: number;
  texts: number;
  /** The collection every query process searched, indexed once; null when the part did not run. */
  index: QueryIndexRecord | null;
  processes: QueryProcess[];
  /** Why the part did not run (no pipeline speaks the query job, the indexing failed); null when it ran. */
  skipped: string | null;
}

export interface ThreadsPipeline {
  pipelineId: string;
  name: string;
  language: string | null;
  levels: ThreadsLevel[];
  failedRuns: number;
}

export interface ThreadsAnalysis {
  /** The thread counts measured, ascending; the first is 1. */
  counts: number[];
  /** The machine's cores (os.availableParallelism()) when the run was analysed. */
  cores: number;
  pipelines: ThreadsPipeline[];
  /** Every speed-up interval is at 1 - alpha (Bonferroni over pipelines x counts above 1 x the two metrics). */
  alpha: number;
  tests: number;
  /** The Rust and Python pipelines claim 4 compares (their declared languages); null when the run lacks either. */
  basis: { rustId: string; pythonId: string } | null;
  verdict: ClaimVerdict;
  rule: string;
  method: string;
  /** What the workload covers: the index job, and the query job for the pipelines that speak it (said in the report). */
  scope: string;
  /** The query part's settings and its method; null when the run has no query part. */
  query?: {
    concurrency: number;
    passes: number;
    texts: number;
    points: number | null;
    indexedBy: string | null;
    skipped: string | null;
    method: string;
  } | null;
}

/** The field of a run (types.ts RunSummary) that the threads workload adds. */
export interface ThreadsRunFields {
  /** Speed-up and efficiency per pipeline and thread count, claim 4's threads verdict (`--workload threads` only). */
  threads?: ThreadsAnalysis | null;
  /** The threads workload's query part as run (analysis/threads.ts reads it). */
  threadsQuery?: ThreadsQueryRecord | null;
}
