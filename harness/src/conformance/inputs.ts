/**
 * A case's inputs on disk: the workload file (or a broken one), the corpus (a testdata directory,
 * or one the kit writes from a file of texts), the model directory, where Qdrant is, and the
 * values of the placeholders the expected error names ({workload}, {corpus_dir}, ...).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { StoreEndpoint } from '../store/collections.js';
import { type CaseTable, type ConformanceCase, type CorpusSpec, DEFAULT_CORPUS, readJson, TESTDATA_DIR } from './table.js';

export interface KitContext {
  store: StoreEndpoint;
  modelDir: string;
}

/** The corpus as the kit knows it, to compute what a correct pipeline reports. */
export interface PreparedCorpus {
  dir: string;
  files: string[];
  /** For a corpus written from texts: the text of each file, in file order. */
  texts?: string[];
}

export interface PreparedCase {
  /** A fresh directory of this case's own files, removed by cleanup(). */
  scratch: string;
  workloadPath: string;
  /** The workload as written; null when the case writes a broken file or none. */
  workload: Record<string, any> | null;
  corpus: PreparedCorpus;
  collection: string;
  /** Each placeholder's acceptable spellings (a path as given and as resolved through symlinks). */
  placeholders: Record<string, string[]>;
  cleanup(): void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON Merge Patch (RFC 7386): objects merge recursively, null removes a field, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** A loopback port nobody listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function spellings(p: string): string[] {
  const real = existsSync(p) ? realpathSync(p) : p;
  return real === p ? [p] : [p, real];
}

function prepareCorpus(spec: CorpusSpec, scratch: string): PreparedCorpus {
  if ('dir' in spec) {
    const files = spec.files === 'expected_chunks.json' ? readJson<{ files: string[] }>(path.join(TESTDATA_DIR, spec.files)).files : spec.files;
    return { dir: path.join(TESTDATA_DIR, spec.dir), files };
  }
  const key = spec.texts === 'embeddings.json' ? 'sentences' : 'texts';
  const texts = readJson<Record<string, { text: string }[]>>(path.join(TESTDATA_DIR, spec.texts))[key].map((t) => t.text);
  const dir = path.join(scratch, 'corpus');
  mkdirSync(dir);
  const files = texts.map((_, i) => `text-${i}.txt`);
  for (const [i, text] of texts.entries()) writeFileSync(path.join(dir, files[i]), text, 'utf8');
  return { dir, files, texts };
}

function qdrantSettings(c: ConformanceCase, ctx: KitContext, collection: string, closed: number) {
  if (c.qdrant === 'unreachable') {
    const url = `http://127.0.0.1:${closed}`;
    return { settings: { url, grpc_url: url, collection }, address: `127.0.0.1:${closed}` };
  }
  const { restUrl, grpcUrl, apiKey } = ctx.store;
  return { settings: { url: restUrl, grpc_url: grpcUrl, ...(apiKey ? { api_key: apiKey } : {}), collection }, address: new URL(restUrl).host };
}

/** Writes everything a case needs into a fresh scratch directory. */
export async function prepareCase(table: CaseTable, c: ConformanceCase, ctx: KitContext): Promise<PreparedCase> {
  const scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), `conformance-${c.id}-`)));
  const workloadDir = path.join(scratch, 'workload');
  mkdirSync(workloadDir);
  const workloadPath = path.join(workloadDir, 'workload.json');
  const corpus = prepareCorpus(c.corpus ?? DEFAULT_CORPUS, scratch);
  const modelDir = c.model === 'empty_dir' ? path.join(scratch, 'empty-model') : ctx.modelDir;
  if (c.model === 'empty_dir') mkdirSync(modelDir);
  const collection = `conformance_${c.id}_${process.pid}_${Date.now().toString(36)}`.replace(/-/g, '_');
  const qdrant = qdrantSettings(c, ctx, collection, c.qdrant === 'unreachable' ? await closedPort() : 0);
  const dirIn = (dir: string) => (c.relative_paths ? path.relative(workloadDir, dir) : dir);

  let workload: Record<string, any> | null = null;
  if (c.workload_text !== undefined) writeFileSync(workloadPath, c.workload_text);
  else if (c.workload_file !== 'missing') {
    const built = {
      corpus: { dir: dirIn(corpus.dir), files: corpus.files },
      ...table.base_workload,
      model: { dir: dirIn(modelDir) },
      qdrant: qdrant.settings,
    };
    workload = mergePatch(built, c.workload ?? {}) as Record<string, any>;
    writeFileSync(workloadPath, `${JSON.stringify(workload, null, 2)}\n`);
  }
  return {
    scratch,
    workloadPath,
    workload,
    corpus,
    collection,
    placeholders: {
      workload: spellings(workloadPath),
      corpus_dir: spellings(corpus.dir),
      model_dir: spellings(modelDir),
      qdrant_address: [qdrant.address],
      collection: [collection],
    },
    cleanup: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** Bytes on disk of the listed files a correct pipeline reads as text (binary and missing ones excluded). */
export function textBytes(corpus: PreparedCorpus): number {
  let total = 0;
  for (const file of corpus.files) {
    const full = path.join(corpus.dir, file);
    if (!existsSync(full)) continue;
    const bytes = readFileSync(full);
    if (!bytes.includes(0)) total += bytes.length;
  }
  return total;
}
