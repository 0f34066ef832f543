import type { PipelineSpec, Workload } from '../types.js';
import { checkSchema, type CheckSection } from './check.js';
import { type CollectionSettings, collectionSchema } from './collection.js';
import { type MemoryFileSection, memorySchema } from './memory.js';
import { type QueryFileSection, querySchema } from './query.js';

/**
 * JSON Schema of `bench.config.json` (the bench config file at the repo root). Every key but
 * `pipelines` is optional; CLI flags override the file, the file overrides the built-in defaults.
 */
export const benchConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pipelines'],
  properties: {
    $schema: { type: 'string' },
    pipelines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'command'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$' },
          name: { type: 'string', minLength: 1 },
          command: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          env: { type: 'object', additionalProperties: { type: 'string' } },
          reference: { type: 'boolean', description: 'the pipeline every ratio is computed against (one at most; default the first)' },
          language: { type: 'string', minLength: 1, description: 'display name of its language, e.g. "Rust": its row of the language x engine matrix' },
          engine: { type: 'string', minLength: 1, description: 'display name of its inference engine, e.g. "ONNX Runtime": its column of the matrix' },
          default: { type: 'boolean', description: 'false: not in the default run (run it with --matrix, --set NAME or --pipelines)' },
        },
      },
    },
    sets: {
      type: 'object',
      description: 'named sets of pipeline ids, run with --set NAME ("matrix": with --matrix; "tokenize" and "query": the pipelines that speak that job)',
      propertyNames: { pattern: '^[A-Za-z0-9_-]{1,40}$' },
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    threads: { type: ['integer', 'null'], minimum: 1 },
    embedBatchSize: { type: 'integer', minimum: 1 },
    upsertBatchSize: { type: 'integer', minimum: 1 },
    chunkSize: { type: 'integer', minimum: 1 },
    chunkOverlap: { type: 'integer', minimum: 0 },
    separators: { type: 'array', minItems: 1, items: { type: 'string' } },
    mode: { enum: ['full', 'stub'] },
    workload: { enum: ['index', 'overhead', 'scale', 'tokenize', 'query', 'threads', 'memory'], description: 'the job to measure (--workload); default index' },
    warmup: { type: 'integer', minimum: 0 },
    iterations: { type: 'integer', minimum: 1 },
    timeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
    model: { type: ['string', 'null'], minLength: 1 },
    corpus: {
      type: 'object',
      additionalProperties: false,
      properties: {
        dir: { type: ['string', 'null'], minLength: 1 },
        globs: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      },
    },
    subsets: {
      type: 'object',
      additionalProperties: false,
      description: 'Byte budgets of the fixed corpus subsets (files in path order while the cumulative size stays within).',
      properties: {
        default: { type: 'integer', minimum: 1 },
        quick: { type: 'integer', minimum: 1 },
      },
    },
    quick: {
      type: 'object',
      additionalProperties: false,
      properties: { warmup: { type: 'integer', minimum: 0 }, iterations: { type: 'integer', minimum: 1 } },
    },
    outDir: { type: 'string', minLength: 1 },
    sampleIntervalMs: { type: 'number', minimum: 1, maximum: 1000 },
    verifyQueries: { type: 'integer', minimum: 1 },
    check: checkSchema,
    collection: collectionSchema,
    query: querySchema,
    memory: memorySchema,
    threadCounts: {
      type: 'array',
      minItems: 1,
      items: { type: 'integer', minimum: 1 },
      description: '--workload threads: the thread counts, ascending, starting at 1, at most the cores (default 1 to the cores)',
    },
  },
} as const;

/** The file's shape after validation. */
export interface BenchConfigFile {
  pipelines: PipelineSpec[];
  sets?: Record<string, string[]>;
  threads?: number | null;
  embedBatchSize?: number;
  upsertBatchSize?: number;
  chunkSize?: number;
  chunkOverlap?: number;
  separators?: string[];
  mode?: 'full' | 'stub';
  workload?: Workload;
  warmup?: number;
  iterations?: number;
  timeoutSeconds?: number;
  model?: string | null;
  corpus?: { dir?: string | null; globs?: string[] };
  subsets?: { default?: number; quick?: number };
  quick?: { warmup?: number; iterations?: number };
  outDir?: string;
  sampleIntervalMs?: number;
  verifyQueries?: number;
  check?: CheckSection;
  collection?: CollectionSettings;
  query?: QueryFileSection;
  memory?: MemoryFileSection;
  threadCounts?: number[];
}
