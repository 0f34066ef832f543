/**
 * Judges what a pipeline left in Qdrant (rules 4-8 of pipelines/README.md): the collection's
 * vector config, every point's id and payload, the vectors against the reference embeddings or
 * the stub embedding, and the token count against the reference tokenizer.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { v5 as uuidv5 } from 'uuid';
import { scrollPoints, type StoredPoint } from '../store/collections.js';
import { cosine, REFERENCE_MIN_COSINE } from '../verify/vectors.js';
import type { PreparedCorpus } from './inputs.js';
import { readJson, TESTDATA_DIR, type ExpectDone } from './table.js';

/** The RFC 4122 URL namespace of the point ids (rule 4). */
const POINT_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const DIMENSION = 384;
/** How many differing points a reason lists before "and N more". */
const SHOWN = 3;

export interface ExpectedChunk {
  source: string;
  chunk_index: number;
  id: string;
  text: string;
}

interface ChunkSetting {
  chunk_size: number;
  chunk_overlap: number;
  chunks: ExpectedChunk[];
}

export const pointId = (source: string, index: number) => uuidv5(`${source}#${index}`, POINT_NAMESPACE);

/**
 * The texts of a written corpus as chunks: one per text that is not blank, the text stripped.
 * The texts of the test vectors have only ASCII whitespace at their ends, where Python's
 * str.strip and every language's trim agree.
 */
export function textChunks(corpus: PreparedCorpus): (ExpectedChunk & { original: string })[] {
  return (corpus.texts ?? []).flatMap((original, i) => {
    const text = original.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');
    const source = corpus.files[i];
    return text === '' ? [] : [{ source, chunk_index: 0, id: pointId(source, 0), text, original }];
  });
}

function expectedChunks(how: ExpectDone['points'], corpus: PreparedCorpus, workload: Record<string, any>): ExpectedChunk[] {
  if (how === 'texts') return textChunks(corpus);
  const { settings } = readJson<{ settings: ChunkSetting[] }>(path.join(TESTDATA_DIR, 'expected_chunks.json'));
  const { chunk_size, chunk_overlap } = workload.chunking;
  const setting = settings.find((s) => s.chunk_size === chunk_size && s.chunk_overlap === chunk_overlap);
  if (!setting) throw new Error(`conformance table: expected_chunks.json has no setting ${chunk_size}/${chunk_overlap}`);
  return setting.chunks;
}

const some = (items: string[]) => items.slice(0, SHOWN).join(', ') + (items.length > SHOWN ? ` and ${items.length - SHOWN} more` : '');

const cut = (value: unknown) => {
  const text = value === undefined ? 'missing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
};

/** The fields (dotted paths) where a stored payload differs from the expected one, each with both values. */
export function differingFields(got: unknown, want: unknown, at = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(got) || !isObject(want)) return isDeepStrictEqual(got, want) ? [] : [`${at || 'payload'} is ${cut(got)}, expected ${cut(want)}`];
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])];
  return keys.flatMap((key) => differingFields(got[key], want[key], at ? `${at}.${key}` : key));
}

function pointProblems(stored: Map<string, StoredPoint>, expected: ExpectedChunk[]): string[] {
  const problems: string[] = [];
  const wanted = new Set(expected.map((c) => c.id));
  const missing = expected.filter((c) => !stored.has(c.id)).map((c) => `${c.source}#${c.chunk_index} (${c.id})`);
  const extra = [...stored.keys()].filter((id) => !wanted.has(id));
  if (missing.length > 0) problems.push(`${missing.length} expected point id(s) missing: ${some(missing)}`);
  if (extra.length > 0) problems.push(`${extra.length} unexpected point id(s): ${some(extra)}`);
  const wrong = expected.filter((c) => {
    const payload = stored.get(c.id)?.payload;
    return payload && !isDeepStrictEqual(payload, { page_content: c.text, metadata: { source: c.source, chunk_index: c.chunk_index } });
  });
  if (wrong.length > 0) {
    const first = wrong[0];
    const want = { page_content: first.text, metadata: { source: first.source, chunk_index: first.chunk_index } };
    const fields = differingFields(stored.get(first.id)!.payload, want).join(', ');
    problems.push(`${wrong.length} payload(s) differ from {page_content, metadata: {source, chunk_index}}; ${first.source}#${first.chunk_index}: ${fields}`);
  }
  return problems;
}

function vectorProblems(how: ExpectDone['vectors'], stored: Map<string, StoredPoint>, corpus: PreparedCorpus): string[] {
  if (!how) return [];
  const chunks = textChunks(corpus);
  const file = readJson<Record<string, { text: string; embedding: number[] }[]>>(path.join(TESTDATA_DIR, how));
  const reference = new Map((file.sentences ?? file.texts).map((s) => [s.text, s.embedding]));
  let worst = { score: Infinity, source: '' };
  const unequal: string[] = [];
  for (const chunk of chunks) {
    const vector = stored.get(chunk.id)?.vector;
    const want = reference.get(chunk.original)!;
    if (!vector) continue; // a missing point is reported by pointProblems
    if (how === 'stub_embeddings.json') {
      if (vector.length !== want.length || vector.some((x, i) => x !== Math.fround(want[i]))) unequal.push(chunk.source);
    } else {
      const score = cosine(vector, want);
      if (!(score >= worst.score)) worst = { score, source: chunk.source };
    }
  }
  if (how === 'stub_embeddings.json') return unequal.length > 0 ? [`stub vector(s) not equal to stub_embeddings.json: ${some(unequal)}`] : [];
  return worst.score < REFERENCE_MIN_COSINE
    ? [`cosine ${worst.score.toFixed(7)} to sentence-transformers' embedding of ${worst.source} (< ${REFERENCE_MIN_COSINE})`]
    : [];
}

/** The token count a correct pipeline reports for a written corpus: tokens.json's ids per embedded text. */
export function expectedTokens(corpus: PreparedCorpus): number {
  const { sentences } = readJson<{ sentences: { text: string; ids: number[] }[] }>(path.join(TESTDATA_DIR, 'tokens.json'));
  const ids = new Map(sentences.map((s) => [s.text, s.ids.length]));
  return textChunks(corpus).reduce((sum, c) => sum + ids.get(c.original)!, 0);
}

/**
 * The collection's vector: one dense vector of the model's dimension with Cosine distance, unnamed
 * or named "", and the shard / replica counts the case expects the pipeline to have passed.
 */
async function collectionProblems(client: QdrantClient, collection: string, expected: ExpectDone): Promise<string[]> {
  const info = await client.getCollection(collection);
  const reported = (info.config?.params ?? {}) as Record<string, unknown>;
  const counts = Object.entries(expected.collection_params ?? {})
    .filter(([key, value]) => reported[key] !== value)
    .map(([key, value]) => `the collection's ${key} is ${JSON.stringify(reported[key])}, not ${value} (the workload's qdrant.${key})`);
  const vectors = info.config?.params?.vectors as Record<string, any> | undefined;
  const params = vectors && 'size' in vectors ? vectors : vectors?.[''];
  if (!params) return [...counts, `the collection's vectors are ${JSON.stringify(vectors)}, not one unnamed (or "") dense vector`];
  const problems: string[] = counts;
  if (params.size !== DIMENSION) problems.push(`the collection's vector size is ${params.size}, not ${DIMENSION}`);
  if (params.distance !== 'Cosine') problems.push(`the collection's distance is ${params.distance}, not Cosine`);
  return problems;
}

export interface StoreExpectation {
  collection: string;
  expected: ExpectDone;
  corpus: PreparedCorpus;
  workload: Record<string, any>;
  /** done.points: what the pipeline says it stored. */
  reportedPoints: number;
}

/** Problems of what the pipeline stored; the collection must exist. */
export async function storeProblems(client: QdrantClient, { collection, expected, corpus, workload, reportedPoints }: StoreExpectation): Promise<string[]> {
  if (!(await client.collectionExists(collection)).exists) return [`collection ${collection} does not exist after done`];
  const problems = await collectionProblems(client, collection, expected);
  const stored = new Map((await scrollPoints(client, collection)).map((p) => [p.id, p]));
  if (stored.size !== reportedPoints) problems.push(`the collection holds ${stored.size} points, done.points says ${reportedPoints}`);
  if (expected.points) problems.push(...pointProblems(stored, expectedChunks(expected.points, corpus, workload)));
  problems.push(...vectorProblems(expected.vectors, stored, corpus));
  return problems;
}
