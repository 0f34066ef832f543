/**
 * The result types of a bench run. These ARE the schema of `summary.json`, of each line of
 * `iterations.jsonl`, and (flattened) of the columns of `results.csv`: every layer
 * (run, measure, verify, analysis, report) reads and writes these. What an iteration or the
 * proof ended with is an outcome: a `kind` to branch on and a human `message` beside it.
 */
import type { LanguageEngineMatrix, LeftOutPipeline } from './matrix-types.js';
export type * from './matrix-types.js';
import type { OverlapGroup, ResourceUsage, StageTiming, StoreUsage, TimeBreakdown, WriteCounts } from './measure-types.js';

/** Stages reported by a pipeline over the protocol (pipelines/README.md), plus `startup`, which the harness measures. */
export const STAGES = ['startup', 'model_load', 'read', 'chunk', 'embed', 'upsert'] as const;
export type Stage = (typeof STAGES)[number];

export type Mode = 'full' | 'stub';
import type { CostModel } from './cost-types.js';
export type { CostModel, PipelineCost } from './cost-types.js';
import type { OverheadRunFields, StubTwinFields, ThreadTwinFields, ThreadsRunFields } from './overhead-types.js';
export type * from './overhead-types.js';
import type { ClaimsRunFields } from './claims-types.js';
import type { WorkloadSettings } from './settings-types.js';
export type * from './settings-types.js';
export type { OverlapGroup, ResourceUsage, StageTiming, StoreUsage, TimeBreakdown, WriteCounts } from './measure-types.js';

/** One pipeline as the bench config declares it. */
export interface PipelineSpec extends StubTwinFields, ThreadTwinFields {
  /** Short stable id, e.g. `python`, `rust`, `ts`. */
  id: string;
  /** Display name, e.g. `Python (LangChain)`. Untrusted text: escape it everywhere. */
  name: string;
  /** argv; the workload path is appended as the last argument. */
  command: string[];
  /** Extra environment for this pipeline. */
  env?: Record<string, string>;
  /** The reference pipeline: every ratio of a run is computed against it (exactly one; default the first). */
  reference?: boolean;
  /** Display name of its language, e.g. `Rust`: the row of the language x engine matrix. */
  language?: string;
  /** Display name of its inference engine, e.g. `Candle`, `ONNX Runtime`, `libtorch`: the matrix's column. */
  engine?: string;
  /** false: not in the default run (a variant; run it with --matrix, --set or --pipelines). */
  default?: boolean;
  /** Set on a gate's baseline copy (same-machine mode): the id of the candidate it is the baseline side of. */
  baselineCopyOf?: string;
}

export interface StoreInfo {
  name: string; // e.g. "Qdrant"
  version: string;
  kind: 'embedded' | 'external';
  url: string;
  grpcUrl: string;
}

export interface IterationCounts {
  documents: number;
  skippedFiles: number;
  chunks: number;
  tokens: number;
  points: number;
}

export type IterationStatus = 'ok' | 'failed';

export type IterationKind = 'first' | 'warmup' | 'measured';

/**
 * Why an iteration failed. `message` is for people; code branches on `kind` only.
 * - spawn: the command could not be started
 * - crash: non-zero exit or killed by a signal (not by the harness)
 * - out-of-memory: the kernel's OOM killer acted during the iteration and the pipeline died
 * - error-event: the pipeline reported an `error` line
 * - timeout: still running after --timeout; the tree was killed
 * - protocol: a malformed or out-of-order stdout line, or exit 0 without `done`
 * - verification: the collection did not hold the points the pipeline reported
 * - store: the store failed while the harness checked the collection, or died during the iteration
 * - interrupted: the user stopped the run (Ctrl-C); such an iteration is not recorded
 */
export type IterationFailure =
  | { kind: 'spawn'; message: string }
  | { kind: 'crash'; message: string; exitCode: number | null; signal: string | null }
  | { kind: 'out-of-memory'; message: string; peakRssBytes: number | null }
  | { kind: 'error-event'; message: string; stage: Stage | null }
  | { kind: 'timeout'; message: string; timeoutMs: number }
  | { kind: 'protocol'; message: string }
  | { kind: 'verification'; message: string }
  | { kind: 'store'; message: string }
  | { kind: 'interrupted'; message: string };

export type IterationFailureKind = IterationFailure['kind'];

/** One process run of one pipeline: one line of iterations.jsonl. */
export interface IterationResult {
  runId: string;
  pipelineId: string;
  pipelineName: string;
  /** 0-based index among this pipeline's runs, warmups included. */
  index: number;
  /** `first`: the first process of each pipeline (reported apart); `warmup`: not counted; `measured`. */
  kind: IterationKind;
  status: IterationStatus;
  /** Why it failed; null when status is ok. */
  failure: IterationFailure | null;
  startedAt: string; // ISO time
  wallMs: number;
  stages: StageTiming[];
  overlapped: OverlapGroup[];
  counts: IterationCounts | null;
  /** Points found in the collection afterwards; must equal counts.points. */
  storedPoints: number | null;
  /** Hash of the collection's ids and payloads (verify/content.ts), taken before it was dropped; measured runs only. */
  contentHash?: string | null;
  /** The collection's writes with and without wait=true; null when the store does not count them (external Qdrant). */
  writes?: WriteCounts | null;
  resources: ResourceUsage | null;
  /** The store's own process during this iteration (embedded store only). */
  storeResources: StoreUsage | null;
  /** The harness's own CPU time while the pipeline ran (user + system, ms): what it took from the machine. */
  harnessCpuMs?: number;
  exitCode: number | null;
  pipelineInfo: { runtime: { name: string; version: string }; libraries: Record<string, string>; threads: number } | null;
}

/**
 * A point estimate with its interval, and what the interval is: `level` is its exact coverage
 * (0.9375 = 93.75%), `method` how it was made (harness/src/stats/README.md). A `range` is all
 * the runs (too few for the asked level); it is never called significant.
 */
export interface Estimate {
  value: number;
  ciLow: number;
  ciHigh: number;
  level: number;
  method: 'order-statistic' | 'hodges-lehmann' | 'range' | 'ols-newey-west';
}

export interface SampleStats {
  n: number;
  median: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** The distribution-free interval of the median (order statistics), at 95% where n allows. */
  ci: Estimate;
  /** Indexes (into the samples) flagged as outliers by the MAD rule. */
  outliers: number[];
  samples: number[];
}

/** Metric ids: `wall`, `stage:<name>` (busy ms), `throughput:embed` (chunks/s), `tokens_per_s:embed`, `peak_rss`. */
export type MetricId = string;

export interface PipelineSummary {
  pipelineId: string;
  pipelineName: string;
  /** The reference pipeline of the run (ratios are computed against it). */
  reference: boolean;
  /** Measured iterations that succeeded (the runs every figure of this pipeline rests on). */
  measured: number;
  failed: number;
  /** True when it had a successful measured run, no verification problem, and took part in the proof. */
  verified: boolean;
  /** Every reason it is not verified (analysis/verification.ts writes them, nothing else does). */
  verificationProblems: VerificationProblem[];
  /** The first process of this pipeline (kind `first`), reported apart. */
  first: IterationResult | null;
  metrics: Record<MetricId, SampleStats>;
  /**
   * Medians over the measured, successful iterations: the process tree's CPU time, the store's own use during each (peak RSS, its
   * growth, CPU), and the harness's own CPU as a share of the pipeline's (what measuring cost; null in summaries from before it was recorded).
   */
  resources: {
    cpuMs: number;
    storePeakRssBytes: number | null;
    storeRssGrowthBytes: number | null;
    storeCpuMs: number | null;
    harnessCpuShare: number | null;
  };
  /** Where the median wall time went: each stage's exposed time, and "other" (analysis/time-breakdown.ts). */
  timeBreakdown: TimeBreakdown | null;
  pipelineInfo: IterationResult['pipelineInfo'];
}

/** A candidate pipeline against the reference pipeline of the same run, for one metric. */
export interface RatioResult {
  metric: MetricId;
  referenceId: string;
  candidateId: string;
  /**
   * The factor: oriented so that > 1 means the candidate is better (reference/candidate for
   * time and memory: faster, smaller; candidate/reference for throughput), with its interval.
   */
  factor: Estimate;
  /** Two-sided p-value of the exact rank test. */
  pValue: number;
  /** The level each comparison was tested at: 0.05 / (comparisons in the family) for primary metrics (Bonferroni), 0.05 for diagnostics. */
  alpha: number;
  /** Primary metrics (end to end, peak memory, embed throughput) carry the claims; the others are diagnostics. */
  role: 'primary' | 'diagnostic';
  /** The interval at 1 - alpha excludes 1 AND the rank test gives p < alpha (stats/ratio.ts ratioTest, as the gate). */
  significant: boolean;
}

/**
 * Why a pipeline is not verified.
 * - point-count: a collection held a different number of points than the pipeline reported
 * - chunks / vectors / top10: the equivalence proof found its chunks, vectors or answers differ from the reference pipeline's
 * - content: its measured runs' collections (ids and payloads) differ among themselves or from the reference pipeline's
 * - tokens: its token count differs (among its runs or from the reference pipeline's)
 * - writes: it wrote without wait=true (contract rule 5)
 * - storage: its collection stores vectors other than float32, or quantized (contract rule 7)
 * - not-proven: it took no part in the proof (no successful measured run, or the run stopped early)
 * - proof-error: the proof itself could not run
 */
export interface VerificationProblem {
  kind: 'point-count' | 'chunks' | 'vectors' | 'top10' | 'content' | 'tokens' | 'writes' | 'storage' | 'not-proven' | 'proof-error';
  pipelineId: string;
  message: string;
}

export interface EquivalenceProof {
  /** Per pipeline: sha256 over its sorted (id, sha256(canonical payload)) pairs of its kept collection (verify/content.ts). */
  chunkHashes: Record<string, string>;
  /** Token count of each pipeline's measured runs (null: they disagree among themselves, or none); must be equal across pipelines. */
  tokens?: Record<string, number | null>;
  /** Measured runs whose collection was hashed before it was dropped, per pipeline; all must hash alike. */
  runsHashed?: Record<string, number>;
  /** Writes made without wait=true, per pipeline; null = not checked (the store does not count writes). */
  nonWaitingWrites?: Record<string, number> | null;
  chunksEqual: boolean;
  /** Lowest cosine between stored vectors of the same id, per pair `reference|candidate`. */
  minCosine: Record<string, number>;
  /** The floor every pair's lowest cosine must reach (verify/vectors.ts MIN_COSINE). */
  cosineFloor: number;
  /** Sample queries whose top-10 ids agree across all pipelines. */
  top10Agree: number;
  top10Queries: number;
  passed: boolean;
  /** Each disagreement with the reference pipeline, per pipeline; empty when passed. */
  problems: VerificationProblem[];
  /** Remarks that are not problems (e.g. only one pipeline to compare). */
  notes: string[];
}

export interface Environment {
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  os: string;
  /** Kernel release, e.g. "6.1.0-18-amd64". */
  kernel?: string;
  /** CPU frequency governor(s), e.g. "performance" or "powersave, schedutil"; null: no cpufreq here (a VM, usually). */
  cpuGovernor?: string | null;
  node: string;
  gitCommit: string | null;
  hostname: string;
  /** Stable id of this machine's kind, used to refuse comparing runs from different machines. */
  fingerprint: string;
}

/** The schema version of summary.json and baseline files; older files are refused with a message (results/summary-file.ts). */
export const SCHEMA_VERSION = 2;

export interface RunSummary extends OverheadRunFields, ClaimsRunFields, ThreadsRunFields {
  schemaVersion: typeof SCHEMA_VERSION;
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Complete unless interrupted (Ctrl-C) or aborted; a partial summary still holds every finished iteration. */
  status: 'complete' | 'interrupted' | 'failed';
  settings: WorkloadSettings;
  /** orderSeed: the seed of each round's shuffled pipeline order (`--seed` reproduces it). */
  iterationsPlanned: { warmup: number; measured: number; orderSeed?: number };
  pipelines: PipelineSpec[];
  store: StoreInfo;
  environment: Environment;
  iterations: IterationResult[];
  summaries: PipelineSummary[];
  ratios: RatioResult[];
  /** Fixed vs per-chunk cost per pipeline, and where their order changes (null without a successful run). */
  costs: CostModel | null;
  equivalence: EquivalenceProof | null;
  /** Configured pipelines this run did not measure, and why (older summaries lack it: read as []). */
  leftOut: LeftOutPipeline[];
  /** The language x engine matrix and what the language and the engine cost (null when no pipeline declares both). */
  matrix: LanguageEngineMatrix | null;
}
