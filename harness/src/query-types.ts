/** What a `--workload query` run records and analysis/query.ts derives (re-exported through overhead-types.ts, the workloads' fields of a run). */
import type { ClaimVerdict } from './overhead-types.js';
import type { JobProcessRecord } from './job-types.js';
import type { Estimate, IterationFailure } from './types.js';

/** One concurrency level of one process: its `query_c<N>` stage's `end` event. */
export interface QueryLevelRecord {
  concurrency: number;
  /** `passes` x the number of texts. */
  queries: number;
  /** The stage's span, ms (the pipeline's clock). */
  busyMs: number;
  /** One per query, in queue order, ms: from taking the text to holding the search's answer. */
  latenciesMs: number[];
}

/** One pipeline process of the query job. */
export interface QueryProcess extends JobProcessRecord {
  /** The cold query's latency (stage `query_cold`), ms. */
  coldMs: number | null;
  /** The levels in the order run. */
  levels: QueryLevelRecord[];
  /** From `done`: the point ids each text's search returned, in score order, one array per text. */
  answers: string[][] | null;
  /** From `done`: every query, the cold one included. */
  queries: number | null;
}

/** One pipeline at one concurrency level, over its measured runs. */
export interface QueryLevelFigures {
  concurrency: number;
  /** Successful measured runs behind the figures. */
  runs: number;
  /** Latencies pooled over those runs: how many, their median and 99th percentile, ms. */
  latencies: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** Queries per second (queries / the stage's span) per run: the median with its distribution-free interval. */
  qps: Estimate | null;
}

export interface QueryPipelineFigures {
  pipelineId: string;
  levels: QueryLevelFigures[];
  /** The first query of a fresh process, ms: median over the measured runs with its interval. */
  coldMs: Estimate | null;
  /** qps at the highest level / qps at the lowest, per run: the median with its interval. */
  scaling: Estimate | null;
  failedRuns: number;
  /** Its answers agree with the reference's (the top-K sets, one id of K may differ). */
  answersAgree: boolean;
}

/** The collection every pipeline searched: indexed once, by one pipeline, before the query processes. */
export interface QueryIndexRecord {
  pipelineId: string;
  collection: string;
  status: 'ok' | 'failed';
  /** The index iteration's outcome; null when ok. */
  failure: IterationFailure | null;
  points: number | null;
  wallMs: number;
}

export interface QueryAnalysis {
  texts: number;
  topK: number;
  /** The levels, in the order run; scaling compares the highest with the lowest. */
  concurrency: number[];
  passes: number;
  threads: number;
  /** Logical CPUs of the machine: no level can scale past it. */
  cores: number;
  index: QueryIndexRecord | null;
  pipelines: QueryPipelineFigures[];
  /** Pipelines of the run that do not speak the job (not in the config's set "query"): "not implemented", not failed. */
  notImplemented: Array<{ id: string; name: string }>;
  /** Every pipeline's answers against the reference's, per text. */
  agreement: { passed: boolean; referenceId: string | null; disagreeing: string[]; problems: string[] };
  /** Claim 4's verdict from the Rust and Python pipelines' scaling. */
  verdict: ClaimVerdict;
  basis: { rustId: string; pythonId: string } | null;
  /** The rule, in words. */
  rule: string;
  /** How the figures and intervals are made, in words. */
  method: string;
  processes: QueryProcess[];
}
