import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { ConfigError } from '../errors.js';
import { isMetricOrKind } from '../metrics.js';
import { DEFAULT_CONFIG_PATH } from '../paths.js';
import { WORKLOADS } from '../overhead-types.js';
import type { PipelineSpec, ScaleSizeSpec, Workload } from '../types.js';
import { scaleSettings } from './scale-sizes.js';
import { memorySettings } from './memory.js';
import { querySettings } from './query.js';
import { threadsSettings } from './threads.js';
import { tokenizeSettings } from './tokenize.js';
import { resolveCheckConfig } from './check.js';
import { collectionSettings } from './collection.js';
import { benchConfigSchema, type BenchConfigFile } from './schema.js';
import { selectPipelines } from './selection.js';
import type { BenchConfig, SubsetName } from './types.js';

export type { BenchConfig, SubsetName } from './types.js';
export type { CheckConfig } from './check.js';
export { ConfigError };

/** Byte budgets of the fixed subsets (harness/README.md states how long each run takes). */
export const DEFAULT_SUBSET_BYTES = { default: 600_000, quick: 40_000 } as const;

/**
 * Warmup and measured runs per pipeline. Six measured runs is the fewest at which a ratio can
 * be significant under the gate's family-wise correction (the exact rank test of 6 vs 6 reaches
 * p = 0.002, below 0.05 / 9 for three pipelines x three primary metrics; 5 vs 5 cannot go below
 * p = 0.008), so every default run can be judged by the gate and its headline can be significant.
 */
export const DEFAULT_ITERATIONS = { default: { warmup: 1, iterations: 6 }, quick: { warmup: 1, iterations: 6 } } as const;

/** Options as they come from the command line (all optional; undefined = not given). */
export interface CliOptions {
  config?: string;
  pipelines?: string[];
  /** A named set of the config (`sets`); `matrix`: the set "matrix". */
  set?: string;
  matrix?: boolean;
  iterations?: number;
  warmup?: number;
  quick?: boolean;
  full?: boolean;
  corpus?: string;
  model?: string;
  threads?: number;
  mode?: string;
  workload?: string;
  timeout?: number;
  out?: string;
  compare?: string;
  setup?: boolean;
  embedBatchSize?: number;
  upsertBatchSize?: number;
  seed?: number;
  /** `--sizes`: the corpus sizes of `--workload scale`. */
  sizes?: ScaleSizeSpec[];
  /** `--tokenize-bytes`: the grown corpus of `--workload tokenize` (config/tokenize.ts). */
  tokenizeBytes?: number;
  /** `--thread-counts`: the thread counts of `--workload threads` (config/threads.ts). */
  threadCounts?: number[];
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateFile = ajv.compile<BenchConfigFile>(benchConfigSchema);

function describeAjvError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown key "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where} must be one of ${JSON.stringify(e.params.allowedValues)}`;
  if (e.propertyName !== undefined) return `${where}: name "${e.propertyName}" ${e.message ?? 'is invalid'}`;
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  return `${where} ${e.message ?? 'is invalid'}${description ? ` (${description})` : ''}`;
}

/** Keys renamed since earlier versions: named with their new name rather than as "unknown". */
function renamedKeys(data: unknown): string[] {
  const pipelines = (data as { pipelines?: unknown })?.pipelines;
  if (!Array.isArray(pipelines)) return [];
  return pipelines.flatMap((p, i) =>
    p && typeof p === 'object' && 'baseline' in p
      ? [
          `pipelines.${i}.baseline was renamed: write "reference": true on the pipeline every ratio is computed against ("baseline" now means only the baseline run of bench:check)`,
        ]
      : [],
  );
}

/** Reads and validates a bench config file; every problem is named with its key path. */
export function readConfigFile(configPath: string): BenchConfigFile {
  if (!existsSync(configPath)) throw new ConfigError(`config file not found: ${configPath}`);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${configPath} cannot be read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${configPath} is not valid JSON: ${(err as Error).message}`);
  }
  const renamed = renamedKeys(data);
  if (renamed.length) throw new ConfigError(`invalid config file ${configPath}:\n  - ${renamed.join('\n  - ')}`);
  if (!validateFile(data)) {
    // a bad key name is named by its own error (propertyName); ajv's summary of it ("property name must be valid") adds nothing
    const problems = (validateFile.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map(describeAjvError);
    throw new ConfigError(`invalid config file ${configPath}:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  return data;
}

/** A command's program given as a relative path (contains a '/') resolves against the config's dir. */
function resolveCommand(command: string[], baseDir: string): string[] {
  const [program, ...args] = command;
  const resolved = program.includes('/') && !path.isAbsolute(program) ? path.resolve(baseDir, program) : program;
  return [resolved, ...args];
}

/** Merges built-in defaults, the config file and the CLI flags into one validated BenchConfig. */
export function resolveConfig(cli: CliOptions, cwd = process.cwd()): BenchConfig {
  const configPath = cli.config ? path.resolve(cwd, cli.config) : DEFAULT_CONFIG_PATH;
  const file = readConfigFile(configPath);
  const baseDir = path.dirname(configPath);
  if (cli.quick && cli.full) throw new ConfigError('--quick and --full exclude each other: pick one subset');

  const subset: SubsetName = cli.quick ? 'quick' : cli.full ? 'full' : 'default';
  const budgets = { ...DEFAULT_SUBSET_BYTES, ...file.subsets };
  const quick = { ...DEFAULT_ITERATIONS.quick, ...file.quick };
  const mode = cli.mode ?? file.mode ?? 'full';
  if (mode !== 'full' && mode !== 'stub') throw new ConfigError(`--mode must be "full" or "stub", got "${mode}"`);
  const workload = resolveWorkload(cli.workload ?? file.workload, mode, cli.sizes);

  const allPipelines: PipelineSpec[] = file.pipelines.map((p) => ({
    ...p,
    command: resolveCommand(p.command, baseDir),
  }));
  const selection = selectPipelines(allPipelines, file.sets, cli);
  const config: BenchConfig = {
    pipelines: selection.pipelines,
    leftOut: selection.leftOut,
    corpus: {
      dir: cli.corpus ? path.resolve(cwd, cli.corpus) : file.corpus?.dir ? path.resolve(baseDir, file.corpus.dir) : null,
      globs: file.corpus?.globs ?? ['**/*.txt', '**/*.md', '**/*.rst'],
      subset,
      budgetBytes: subset === 'full' ? null : budgets[subset],
    },
    modelDir: cli.model ? path.resolve(cwd, cli.model) : file.model ? path.resolve(baseDir, file.model) : null,
    chunkSize: file.chunkSize ?? 1000,
    chunkOverlap: file.chunkOverlap ?? 200,
    separators: file.separators ?? ['\n\n', '\n', ' ', ''],
    embedBatchSize: cli.embedBatchSize ?? file.embedBatchSize ?? 32,
    upsertBatchSize: cli.upsertBatchSize ?? file.upsertBatchSize ?? 64,
    threads: cli.threads ?? file.threads ?? os.availableParallelism(),
    mode,
    workload,
    warmup: cli.warmup ?? (subset === 'quick' ? quick.warmup : (file.warmup ?? DEFAULT_ITERATIONS.default.warmup)),
    iterations: cli.iterations ?? (subset === 'quick' ? quick.iterations : (file.iterations ?? DEFAULT_ITERATIONS.default.iterations)),
    ...workloadFields(workload, subset, cli, file, baseDir, allPipelines),
    timeoutMs: (cli.timeout ?? file.timeoutSeconds ?? (subset === 'full' ? 4 * 3600 : 1800)) * 1000,
    outDir: cli.out ? path.resolve(cwd, cli.out) : path.resolve(baseDir, file.outDir ?? 'results'),
    baselineRun: cli.compare ? path.resolve(cwd, cli.compare) : null,
    setup: cli.setup ?? true,
    orderSeed: cli.seed ?? null,
    // The peak comes from the kernel (VmHWM, wait4's ru_maxrss), so the samples only draw the
    // RSS timeline and sum multi-process trees. Each costs the harness 0.4-0.8 ms of CPU on a
    // busy 2-core VM (a node timer wake alone 0.2-0.4 ms): 10 ms sampling took 4-8% of one
    // core, 100 ms takes under 1%.
    sampleIntervalMs: file.sampleIntervalMs ?? 100,
    verifyQueries: file.verifyQueries ?? 10,
    check: resolveCheckConfig(file.check),
    configPath,
    baseDir,
  };
  if (config.chunkOverlap >= config.chunkSize) {
    throw new ConfigError(`chunkOverlap (${config.chunkOverlap}) must be smaller than chunkSize (${config.chunkSize})`);
  }
  checkOverrides(config, allPipelines);
  return config;
}

/**
 * What the workload files carry beyond the basics (the collection's shard and replica counts),
 * and the workload's own settings (scale sizes, the tokenize and query jobs') and the runs they set.
 */
function workloadFields(workload: Workload, subset: SubsetName, cli: CliOptions, file: BenchConfigFile, baseDir: string, all: PipelineSpec[]) {
  const collection = collectionSettings(file.collection);
  if (workload === 'scale') return { collection, ...scaleSettings(subset, cli.sizes, cli.iterations) };
  return {
    collection,
    ...tokenizeSettings(workload, subset, cli, file.sets),
    ...querySettings(workload, subset, cli, { query: file.query, sets: file.sets, baseDir, configured: all }),
    ...threadsSettings(workload, subset, cli, file),
    ...memorySettings(workload, subset, file.memory, file.sets),
  };
}

/** The job of the run; `overhead` runs both modes itself, so it refuses mode "stub"; `--sizes` belongs to `scale`. */
function resolveWorkload(given: string | undefined, mode: string, sizes: ScaleSizeSpec[] | undefined): Workload {
  const workload = given ?? 'index';
  if (!(WORKLOADS as readonly string[]).includes(workload)) {
    throw new ConfigError(`--workload must be one of ${WORKLOADS.join(', ')}, got "${workload}"`);
  }
  if (sizes && workload !== 'scale') throw new ConfigError(`--sizes sets the corpus sizes of --workload scale; this run's workload is ${workload}`);
  if (workload === 'overhead' && mode === 'stub') {
    throw new ConfigError(
      '--workload overhead runs every pipeline in both modes (full beside stub): it cannot be combined with mode "stub" (--mode or the config file)',
    );
  }
  return workload as Workload;
}

/** Every override names a configured pipeline (or none: all) and a metric id or kind (or none: all). */
function checkOverrides(config: BenchConfig, all: PipelineSpec[]): void {
  config.check.overrides.forEach((o, i) => {
    if (o.pipeline !== undefined && !all.some((p) => p.id === o.pipeline)) {
      throw new ConfigError(`check.overrides.${i}.pipeline: unknown pipeline "${o.pipeline}"; configured: ${all.map((p) => p.id).join(', ')}`);
    }
    if (o.metric !== undefined && !isMetricOrKind(o.metric)) {
      throw new ConfigError(
        `check.overrides.${i}.metric: unknown metric "${o.metric}"; a metric id (wall, stage:<stage>, throughput:embed, peak_rss) or a kind (time, memory, throughput)`,
      );
    }
  });
}
