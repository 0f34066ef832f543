/**
 * The result types of a bench run. These ARE the schema of `summary.json`, of each line of
 * `iterations.jsonl`, and (flattened) of the columns of `results.csv`: every layer
 * (run, measure, verify, stats, compare, report) reads and writes these and nothing else.
 */

/** Stages reported by a pipeline over the protocol (pipelines/README.md), plus `startup`, which the harness measures. */
export const STAGES = ['startup', 'model_load', 'read', 'chunk', 'embed', 'upsert'] as const;
export type Stage = (typeof STAGES)[number];

export type Mode = 'full' | 'stub';

/** One pipeline as the bench config declares it. */
export interface PipelineSpec {
  /** Short stable id, e.g. `python`, `rust`, `ts`. */
  id: string;
  /** Display name, e.g. `Python (LangChain)`. Untrusted text: escape it everywhere. */
  name: string;
  /** argv; the workload path is appended as the last argument. */
  command: string[];
  /** Extra environment for this pipeline. */
  env?: Record<string, string>;
  /** The pipeline that ratios are computed against (exactly one; default the first). */
  baseline?: boolean;
  /** Set on a gate's baseline copy (same-machine mode): the id of the candidate it is the baseline side of. */
  baselineCopyOf?: string;
}

/** The knobs applied equally to every pipeline; they are part of the workload identity. */
export interface WorkloadSettings {
  corpus: { dir: string; files: string[]; totalFiles: number; bytes: number; subset: string };
  chunkSize: number;
  chunkOverlap: number;
  separators: string[];
  model: { dir: string; name: string; sha256: string | null };
  embedBatchSize: number;
  upsertBatchSize: number;
  threads: number;
  mode: Mode;
}

export interface StoreInfo {
  name: string; // e.g. "Qdrant"
  version: string;
  kind: 'embedded' | 'external';
  url: string;
  grpcUrl: string;
}

/** Resource use of a process tree, from /proc sampling and the launcher's wait4. */
export interface ResourceUsage {
  /**
   * Peak resident memory, bytes: the largest of the sampled sum over the whole tree and every
   * process's own exact peak (VmHWM at its last sample; wait4's ru_maxrss for the pipeline).
   */
  peakRssBytes: number;
  /** Peak of the summed RSS of the whole tree as sampled every `sampleIntervalMs` (misses short spikes). */
  sampledPeakRssBytes?: number;
  /** Max over processes of their own exact peak (VmHWM, ru_maxrss), bytes. */
  maxProcessHwmBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** [ms since spawn, tree RSS bytes], sampled every `sampleIntervalMs`. */
  rssTimeline: Array<[number, number]>;
  sampleIntervalMs: number;
}

/**
 * The embedded store's own use during one iteration (pipeline fork to exit). CPU is the delta of
 * its counters over the iteration (not since the server started); peakRssBytes is its largest
 * sampled RSS in that window (its VmHWM is since the server started, so it is not used).
 */
export interface StoreUsage extends ResourceUsage {
  /** Its RSS at the first sample of the iteration, bytes. */
  rssStartBytes: number;
  /** Its RSS at the last sample minus the first: what the iteration left resident in the store. */
  rssGrowthBytes: number;
}

export interface StageTiming {
  stage: Stage;
  /** Span from its start event to its end event (startup: spawn to `ready`). */
  wallMs: number;
  /** Time spent in the stage itself (differs from wallMs when stages overlap). */
  busyMs: number;
  /**
   * The part of the wall time this stage is on the critical path (run/exposed.ts). The stages'
   * exposed times plus "other" (teardown, gaps) add up to the iteration's wall time.
   */
  exposedMs?: number;
}

/**
 * Stages that overlapped: `interleaved` (one thread alternates: embed a batch, upsert it) or
 * `concurrent` (two things at once, e.g. batch k upserted while k+1 is embedded).
 */
export interface OverlapGroup {
  stages: Stage[];
  kind: 'interleaved' | 'concurrent';
}

export interface IterationCounts {
  documents: number;
  skippedFiles: number;
  chunks: number;
  tokens: number;
  points: number;
}

export type IterationStatus = 'ok' | 'failed';

/** Writes a collection received, with `wait=true` and without (qdrant-local counts them). */
export interface WriteCounts {
  waiting: number;
  nonWaiting: number;
}

/** One process run of one pipeline: one line of iterations.jsonl. */
export interface IterationResult {
  runId: string;
  pipelineId: string;
  pipelineName: string;
  /** 0-based index among this pipeline's runs, warmups included. */
  index: number;
  /** warmup runs are not counted; the first process of each pipeline is `cold`. */
  kind: 'cold' | 'warmup' | 'measured';
  status: IterationStatus;
  /** Why it failed: crash, timeout, protocol error, verification... */
  failure: string | null;
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

/** A point estimate with its 95% confidence interval. */
export interface Estimate {
  value: number;
  ciLow: number;
  ciHigh: number;
}

export interface SampleStats {
  n: number;
  median: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** 95% bootstrap CI of the median. */
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
  measured: number;
  failed: number;
  verified: boolean;
  verificationNotes: string[];
  cold: IterationResult | null;
  metrics: Record<MetricId, SampleStats>;
  pipelineInfo: IterationResult['pipelineInfo'];
}

/** Ratio of baseline over candidate for times (>1 = candidate faster), candidate over baseline for throughput. */
export interface RatioResult {
  metric: MetricId;
  baselineId: string;
  candidateId: string;
  /** How many times faster (or smaller) the candidate is; > 1 is better. */
  speedup: Estimate;
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
  /** Lowest cosine between stored vectors of the same id, per pair `a|b`. */
  minCosine: Record<string, number>;
  /** Sample queries whose top-10 ids agree across all pipelines. */
  top10Agree: number;
  top10Queries: number;
  passed: boolean;
  notes: string[];
  /** Pipelines that disagree with the baseline (chunks, vectors or top-10); empty when passed. */
  failedPipelines?: string[];
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

export interface RunSummary {
  schemaVersion: 1;
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
  equivalence: EquivalenceProof | null;
}
