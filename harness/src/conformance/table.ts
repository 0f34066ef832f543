/**
 * The conformance cases: pipelines/testdata/conformance.json, validated against its own schema
 * (conformance.schema.json beside it). The table is data; the kit only knows how to build each
 * case's inputs and how to judge the outcome it names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ConfigError } from '../errors.js';
import { REPO_ROOT } from '../paths.js';
import type { Stage } from '../types.js';

export const TESTDATA_DIR = path.join(REPO_ROOT, 'pipelines', 'testdata');
export const CASES_FILE = path.join(TESTDATA_DIR, 'conformance.json');
const SCHEMA_FILE = path.join(TESTDATA_DIR, 'conformance.schema.json');

export type PipelineStage = Exclude<Stage, 'startup'>;

/** A corpus of files under testdata, or one written by the kit from a file of texts. */
export type CorpusSpec = { dir: string; files: string[] | 'expected_chunks.json' } | { texts: 'embeddings.json' | 'stub_embeddings.json' };

export interface ExpectError {
  error: {
    stage: PipelineStage | null;
    /** Strings the message must contain, with placeholders ({workload}, {corpus_dir}, ...). */
    names: string[];
  };
  /** Fields the end event of `read` must carry before the error. */
  read?: Record<string, unknown>;
}

export interface ExpectDone {
  done: Record<string, unknown>;
  points?: 'expected_chunks' | 'texts';
  vectors?: 'embeddings.json' | 'stub_embeddings.json';
  tokens?: 'tokens.json';
  /** What the collection's info reports under config.params (the counts the pipeline passed on create). */
  collection_params?: { shard_number?: number; replication_factor?: number };
}

export interface ConformanceCase {
  id: string;
  checks: string;
  corpus?: CorpusSpec;
  relative_paths?: boolean;
  model?: 'reference' | 'empty_dir';
  qdrant?: 'store' | 'unreachable' | 'collection_exists';
  /** A JSON Merge Patch (RFC 7386) over the workload. */
  workload?: Record<string, unknown>;
  workload_text?: string;
  workload_file?: 'missing';
  expect: ExpectError | ExpectDone;
}

export interface CaseTable {
  base_workload: Record<string, unknown>;
  cases: ConformanceCase[];
}

/** The corpus of a case that names none: the contract corpus, the files of expected_chunks.json. */
export const DEFAULT_CORPUS: CorpusSpec = { dir: 'corpus', files: 'expected_chunks.json' };

export const expectsError = (c: ConformanceCase): c is ConformanceCase & { expect: ExpectError } => 'error' in c.expect;

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Reads and validates the table; a broken table is a ConfigError naming the case and field. */
export function loadCaseTable(file = CASES_FILE): CaseTable {
  let table: unknown;
  try {
    table = readJson(file);
  } catch (err) {
    throw new ConfigError(`conformance cases ${file}: ${(err as Error).message}`);
  }
  const validate = new Ajv2020({ allErrors: false, strict: false }).compile<CaseTable>(readJson(SCHEMA_FILE));
  if (!validate(table)) {
    const e = validate.errors![0];
    throw new ConfigError(`conformance cases ${file}: ${e.instancePath || '(top level)'} ${e.message}`);
  }
  const ids = table.cases.map((c) => c.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new ConfigError(`conformance cases ${file}: case id ${twice[0]} appears twice`);
  return table;
}

/** The cases named by `only` (all when empty); an unknown id is a ConfigError listing the known ones. */
export function selectCases(table: CaseTable, only: string[]): ConformanceCase[] {
  if (only.length === 0) return table.cases;
  const known = new Set(table.cases.map((c) => c.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ConfigError(`unknown case ${unknown.join(', ')}; the cases are: ${[...known].join(', ')}`);
  return table.cases.filter((c) => only.includes(c.id));
}
