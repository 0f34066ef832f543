import type { LeftOutPipeline, Mode, PipelineSpec, ScaleSizeSpec, Workload } from '../types.js';
import type { CheckConfig } from './check.js';
import type { CollectionSettings } from './collection.js';
import type { MemorySettings } from './memory.js';
import type { QuerySettings } from './query.js';
import type { TokenizeSettings } from './tokenize.js';

/** Which fixed, documented part of the corpus a run takes (see harness/src/corpus/subset.ts). */
export type SubsetName = 'default' | 'quick' | 'full';

/** Everything one bench run needs, validated once: the bench config file merged with CLI flags. */
export interface BenchConfig {
  /** The pipelines this run measures, in plan order; exactly one has `reference: true`. */
  pipelines: PipelineSpec[];
  /** Configured pipelines this run leaves out, and why (the matrix's empty cells say it). */
  leftOut: LeftOutPipeline[];
  corpus: {
    /** null = the default corpus that set-up provides. */
    dir: string | null;
    globs: string[];
    subset: SubsetName;
    /** Cumulative byte budget of the subset; null = every file. */
    budgetBytes: number | null;
  };
  /** null = the model directory that set-up provides. */
  modelDir: string | null;
  chunkSize: number;
  chunkOverlap: number;
  separators: string[];
  embedBatchSize: number;
  upsertBatchSize: number;
  threads: number;
  mode: Mode;
  /** The job: `index` (embed and index the corpus), `overhead` (the index job in full and stub mode, interleaved) or `scale` (the index job at several corpus sizes). */
  workload: Workload;
  /** `--workload scale`: the corpus sizes (byte budgets or `all`); absent: the defaults of config/scale-sizes.ts. */
  scaleSizes?: ScaleSizeSpec[];
  /** `--workload tokenize`: the grown corpus's size and the pipelines that speak the job (config/tokenize.ts). */
  tokenize?: TokenizeSettings;
  /** `--workload query`: the texts, top K, levels, passes, indexer and the pipelines that speak the job (config/query.ts). */
  query?: QuerySettings;
  /** `--workload threads`: the thread counts, ascending from 1 (config/threads.ts). */
  threadCounts?: number[];
  /** `--workload memory`: the corpus copies one process indexes and the warm-up share (config/memory.ts). */
  memory?: MemorySettings;
  warmup: number;
  iterations: number;
  /** Per-iteration limit; the whole process tree is killed past it. */
  timeoutMs: number;
  /** Directory holding results/<run-id>/ and results/latest. */
  outDir: string;
  /** A baseline run (summary.json, baseline file or run dir): the reports then show the gate's verdict against it (--compare). */
  baselineRun: string | null;
  /** Seed of the shuffled order of each round; null = a fresh one (recorded in the summary). */
  orderSeed: number | null;
  /** Run set-up (build/install) before measuring; `--no-setup` turns it off. */
  setup: boolean;
  /** /proc sampling period of the measured process trees (RSS timeline; the peak is the kernel's). */
  sampleIntervalMs: number;
  /** Sample queries of the equivalence proof. */
  verifyQueries: number;
  /** The gate's thresholds (the `check` section). */
  check: CheckConfig;
  /** Qdrant's shard and replica counts for every pipeline's collection (the `collection` section); undefined: the store's defaults. */
  collection?: CollectionSettings;
  /** The config file that was read, if any. */
  configPath: string | null;
  /** Working directory of the pipelines; relative paths of the config file resolve against it. */
  baseDir: string;
}
