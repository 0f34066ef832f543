// Loads the workload file and validates it against pipelines/workload.schema.json.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module, { type ErrorObject } from 'ajv/dist/2020.js';
import { PipelineError, describeError } from './protocol.js';

// ajv is CommonJS; under NodeNext its class is the module's `default` export.
const Ajv2020 = Ajv2020Module.default;

export interface Workload {
  corpus: { dir: string; files: string[] };
  chunking: { chunk_size: number; chunk_overlap: number; separators: string[] };
  model: { dir: string };
  embed_batch_size: number;
  upsert_batch_size: number;
  threads: number;
  qdrant: {
    url: string;
    grpc_url?: string;
    api_key?: string | null;
    collection: string;
    /** Sent when the collection is created; absent: not sent (Qdrant's default). */
    shard_number?: number;
    replication_factor?: number;
  };
  mode: 'full' | 'stub';
  /** One `batch` event per forward pass of the embed stage (pipelines/README.md, "Per-batch events"). */
  batch_events?: boolean;
  /** index when absent; tokenize and query: pipelines/README.md, "The tokenize job", "The query job". */
  job?: 'index' | 'tokenize' | 'query';
  tokenize?: { target_bytes: number };
  query?: { texts: string[]; top_k: number; concurrency: number[]; passes: number };
}

/** The contract's schema, read from the repository (dist/ sits two levels below the root). */
const SCHEMA_PATH = fileURLToPath(new URL('../../pipelines/workload.schema.json', import.meta.url));

function fail(message: string, cause?: unknown): never {
  throw new PipelineError(null, `workload: ${message}`, { cause });
}

/** `/chunking/chunk_size` -> `chunking.chunk_size` */
function fieldName(instancePath: string): string {
  return instancePath.split('/').filter(Boolean).join('.');
}

function explain(error: ErrorObject): string {
  const field = fieldName(error.instancePath);
  const prefix = field ? `${field}.` : '';
  switch (error.keyword) {
    case 'required':
      return `${prefix}${error.params.missingProperty} is required`;
    case 'additionalProperties':
      return `${prefix}${error.params.additionalProperty} is not a known field`;
    case 'enum':
      return `${field} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `${field} must be ${error.params.comparison} ${error.params.limit}`;
    case 'pattern':
      return `${field} must match ${error.params.pattern}`;
    default:
      return `${field || 'the workload'} ${error.message ?? 'is invalid'}`;
  }
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read ${what} ${path}: ${describeError(error)}`, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${what} ${path} is not valid JSON: ${describeError(error)}`, error);
  }
}

/** Reads, validates and resolves a workload; paths in it are relative to the workload file. */
export function loadWorkload(path: string): Workload {
  const schema = readJson(SCHEMA_PATH, 'schema') as object;
  const data = readJson(path, 'file');
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  const validate = ajv.compile<Workload>(schema);
  if (!validate(data)) fail(explain(validate.errors![0]));

  const workload = data;
  if (workload.chunking.chunk_overlap >= workload.chunking.chunk_size) {
    fail('chunking.chunk_overlap must be smaller than chunking.chunk_size');
  }
  const base = dirname(resolve(path));
  workload.corpus.dir = resolve(base, workload.corpus.dir);
  workload.model.dir = resolve(base, workload.model.dir);
  return workload;
}
