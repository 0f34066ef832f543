/**
 * What `--workload query` sets in the config (claim 4): the query texts (a JSON file, one
 * source: pipelines/queries/python-docs.json by default), top K, the concurrency levels, the
 * passes over the texts per level, its runs, the pipeline that indexes the corpus once, and which
 * pipelines speak the job: those the config's set "query" lists (as the set "tokenize" does for
 * that job; pipelines/README.md calls it the entry's "jobs"). The others are "not implemented".
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { REPO_ROOT } from '../paths.js';
import type { PipelineSpec } from '../types.js';
import type { SubsetName } from './types.js';

/** The config's set naming the pipelines that speak the job. */
export const QUERY_SET = 'query';

/**
 * The defaults of the `query` section. 3 passes of 40 texts at 3 levels is 360 timed queries a
 * process (a few seconds of embedding next to a Python process's start); --quick makes 1 pass.
 */
export const QUERY_DEFAULTS = {
  texts: path.join(REPO_ROOT, 'pipelines', 'queries', 'python-docs.json'),
  topK: 10,
  concurrency: [1, 4, 16],
  passes: 3,
  quickPasses: 1,
} as const;

/**
 * Runs per pipeline: 1 warmup + 5 measured (5 runs give the median's range at 93.8% coverage,
 * stats/README.md); --quick 0 + 3 (the range, 75%: a rough verdict, said so). Each process is one
 * model load and every level, so the runs stay few and the whole run a few minutes.
 */
export const QUERY_RUNS = { default: { warmup: 1, iterations: 5 }, quick: { warmup: 0, iterations: 3 } } as const;

/** The `query` section of bench.config.json as validated by its schema. */
export interface QueryFileSection {
  texts?: string;
  topK?: number;
  concurrency?: number[];
  passes?: number;
  quickPasses?: number;
  indexer?: string;
}

export interface QuerySettings {
  /** The file the texts came from (absolute). */
  textsFile: string;
  texts: string[];
  topK: number;
  concurrency: number[];
  passes: number;
  /** Ids of the configured pipelines that speak the job (the set "query"). */
  speakers: string[];
  /** The configured pipeline that indexes the corpus (any of the config, run or not); null: the run's first pipeline that speaks the job. */
  indexer: PipelineSpec | null;
}

/** Reads the texts file: {"texts": [non-empty strings]} (or a bare array); every problem names `query.texts` and the file. */
export function readQueryTexts(file: string): string[] {
  const where = `query.texts (${file})`;
  if (!existsSync(file)) throw new ConfigError(`${where}: file not found`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  const texts = Array.isArray(data) ? data : (data as { texts?: unknown })?.texts;
  if (!Array.isArray(texts) || texts.length === 0) throw new ConfigError(`${where}: must hold {"texts": [...]} with at least one text`);
  texts.forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') throw new ConfigError(`${where}: texts[${i}] must be a non-empty string, got ${JSON.stringify(t)}`);
  });
  return texts as string[];
}

/**
 * What `--workload query` sets in the config: its settings and runs (unless --warmup /
 * --iterations say otherwise); `--workload threads` takes the settings alone for its query part
 * (run/threads-query.ts; its runs are the threads workload's); for another workload nothing. `configured` is every pipeline
 * of the config file (the indexer may be one the run does not query).
 */
export function querySettings(
  workload: string,
  subset: SubsetName,
  cli: { iterations?: number; warmup?: number },
  file: { query?: QueryFileSection; sets?: Record<string, string[]>; baseDir: string; configured: PipelineSpec[] },
): { query?: QuerySettings; warmup?: number; iterations?: number } {
  if (workload !== 'query' && workload !== 'threads') return {};
  const q = file.query ?? {};
  const indexer = q.indexer === undefined ? null : (file.configured.find((p) => p.id === q.indexer) ?? null);
  if (q.indexer !== undefined && !indexer)
    throw new ConfigError(`query.indexer: unknown pipeline "${q.indexer}"; configured: ${file.configured.map((p) => p.id).join(', ')}`);
  const textsFile = q.texts ? path.resolve(file.baseDir, q.texts) : QUERY_DEFAULTS.texts;
  const quick = subset === 'quick';
  const runs = QUERY_RUNS[quick ? 'quick' : 'default'];
  const query: QuerySettings = {
    textsFile,
    texts: readQueryTexts(textsFile),
    topK: q.topK ?? QUERY_DEFAULTS.topK,
    concurrency: q.concurrency ?? [...QUERY_DEFAULTS.concurrency],
    passes: quick ? (q.quickPasses ?? QUERY_DEFAULTS.quickPasses) : (q.passes ?? QUERY_DEFAULTS.passes),
    speakers: file.sets?.[QUERY_SET] ?? [],
    indexer,
  };
  if (workload === 'threads') return { query };
  return {
    query,
    warmup: cli.warmup ?? runs.warmup,
    iterations: cli.iterations ?? runs.iterations,
  };
}

/** The `query` section's JSON Schema (config/schema.ts): every key optional, each with the defaults above. */
export const querySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'settings of --workload query (claim 4)',
  properties: {
    texts: {
      type: 'string',
      minLength: 1,
      description: 'a JSON file {"texts": [...]} of the query texts, relative to this config file (default pipelines/queries/python-docs.json)',
    },
    topK: { type: 'integer', minimum: 1, maximum: 100, description: 'points each search returns (default 10)' },
    concurrency: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'integer', minimum: 1, maximum: 256 },
      description: 'concurrency levels, run in this order (default [1, 4, 16])',
    },
    passes: { type: 'integer', minimum: 1, description: 'passes over the texts per level (default 3)' },
    quickPasses: { type: 'integer', minimum: 1, description: 'passes with --quick (default 1)' },
    indexer: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{1,40}$',
      description: 'id of the pipeline that indexes the corpus once per run (default: the first pipeline of the run that speaks the job)',
    },
  },
} as const;
