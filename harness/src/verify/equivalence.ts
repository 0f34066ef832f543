import type { QdrantClient } from '@qdrant/js-client-rest';
import type { EquivalenceProof, IterationResult } from '../types.js';
import { contentHash } from './content.js';
import { checkRuns } from './runs.js';
import { storageProblem } from './storage.js';

/** Stored vectors of the same id must agree at least this much. */
export const MIN_COSINE = 0.999;

interface StoredPoint {
  id: string;
  payload: unknown;
  vector: number[];
}

/** A point's vector as Qdrant returns it: a plain array, or named vectors (LangChain names its vector ""). */
export function plainVector(v: unknown): number[] | null {
  if (Array.isArray(v)) return v as number[];
  if (v && typeof v === 'object') {
    const named = v as Record<string, unknown>;
    const only = '' in named ? named[''] : Object.values(named)[0];
    return Array.isArray(only) ? (only as number[]) : null;
  }
  return null;
}

export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) return -1;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

/** sha256 over the sorted (id, sha256(canonical payload)) pairs: chunk text and metadata. */
export const chunkHash = (points: StoredPoint[]): string => contentHash(points);

async function scrollAll(client: QdrantClient, collection: string): Promise<StoredPoint[]> {
  const out: StoredPoint[] = [];
  let offset: string | number | undefined | null = undefined;
  do {
    const page: Awaited<ReturnType<QdrantClient['scroll']>> = await client.scroll(collection, {
      limit: 256,
      offset: offset ?? undefined,
      with_payload: true,
      with_vector: true,
    });
    for (const p of page.points) out.push({ id: String(p.id), payload: p.payload ?? null, vector: plainVector(p.vector) ?? [] });
    offset = page.next_page_offset as string | number | null | undefined;
  } while (offset !== null && offset !== undefined);
  return out;
}

interface Hit {
  id: string;
  score: number;
}

/** Scores of equivalent vectors (cosine >= 0.999) may differ by about this much. */
const TIE_EPSILON = 2e-3;

/**
 * Same top-10 ids, as sets. An id in one list but not the other is allowed only when it ties
 * with the 10th score of both lists (within TIE_EPSILON): e.g. identical chunk texts in two files have
 * identical vectors, and which of them takes the last place is arbitrary.
 */
export function sameTop10(a: Hit[], b: Hit[]): boolean {
  if (a.length !== b.length) return false;
  const inB = new Set(b.map((h) => h.id));
  const inA = new Set(a.map((h) => h.id));
  const lastA = a.at(-1)?.score ?? 0;
  const lastB = b.at(-1)?.score ?? 0;
  const tiesAtLastPlace = (h: Hit) => Math.abs(h.score - lastA) <= TIE_EPSILON && Math.abs(h.score - lastB) <= TIE_EPSILON;
  return a.every((h) => inB.has(h.id) || tiesAtLastPlace(h)) && b.every((h) => inA.has(h.id) || tiesAtLastPlace(h));
}

/** Evenly spaced ids (in sorted order) of the baseline: the sample queries. */
export function sampleIds(ids: string[], n: number): string[] {
  const sorted = [...ids].sort();
  if (sorted.length <= n) return sorted;
  return Array.from({ length: n }, (_, i) => sorted[Math.floor((i * sorted.length) / n)]);
}

/**
 * The cross-pipeline equivalence proof over each pipeline's kept collection: equal chunk hashes,
 * cosine >= 0.999 between the stored vectors of the same id (each against the baseline), and the
 * same top-10 ids for sample queries. A query is a chunk's text as each pipeline embedded it (its
 * own stored vector of that id), searched in its own collection.
 */
export async function proveEquivalence(
  client: QdrantClient,
  collections: Map<string, string>,
  baselineId: string,
  queries = 10,
  iterations: readonly IterationResult[] = [],
): Promise<EquivalenceProof> {
  const ids = [...collections.keys()];
  const points = new Map<string, Map<string, StoredPoint>>();
  const proof: EquivalenceProof = {
    chunkHashes: {},
    chunksEqual: true,
    minCosine: {},
    top10Agree: 0,
    top10Queries: 0,
    passed: true,
    notes: [],
    failedPipelines: [],
  };
  for (const id of ids) {
    const list = await scrollAll(client, collections.get(id)!);
    points.set(id, new Map(list.map((p) => [p.id, p])));
    proof.chunkHashes[id] = chunkHash(list);
  }
  const failed = new Set<string>();
  for (const id of ids) {
    const problem = await storageProblem(client, collections.get(id)!);
    if (problem) {
      failed.add(id);
      proof.notes.push(`${id}: ${problem}`);
    }
  }
  const base = points.get(baselineId) ?? points.get(ids[0])!;
  const baseId = points.has(baselineId) ? baselineId : ids[0];

  for (const id of ids) {
    if (id === baseId) continue;
    if (proof.chunkHashes[id] !== proof.chunkHashes[baseId]) {
      proof.chunksEqual = false;
      failed.add(id);
      const mine = points.get(id)!;
      const missing = [...base.keys()].filter((k) => !mine.has(k)).length;
      const extra = [...mine.keys()].filter((k) => !base.has(k)).length;
      proof.notes.push(`${id}: chunks differ from ${baseId} (${mine.size} vs ${base.size} points, ${missing} missing, ${extra} extra)`);
    }
    let min = Infinity;
    for (const [pid, p] of points.get(id)!) {
      const b = base.get(pid);
      if (b) min = Math.min(min, cosine(p.vector, b.vector));
    }
    const key = `${baseId}|${id}`;
    proof.minCosine[key] = Number.isFinite(min) ? min : 0;
    if (!(proof.minCosine[key] >= MIN_COSINE)) {
      failed.add(id);
      proof.notes.push(`${id}: lowest cosine to ${baseId} is ${proof.minCosine[key].toFixed(6)} (< ${MIN_COSINE})`);
    }
  }

  for (const qid of sampleIds([...base.keys()], queries)) {
    const answers = new Map<string, Hit[]>();
    for (const id of ids) {
      const own = points.get(id)!.get(qid) ?? base.get(qid)!;
      const hits = await client.search(collections.get(id)!, { vector: own.vector, limit: 10 });
      answers.set(id, hits.map((h) => ({ id: String(h.id), score: h.score })));
    }
    proof.top10Queries++;
    const expected = answers.get(baseId)!;
    const disagree = ids.filter((id) => !sameTop10(expected, answers.get(id)!));
    if (disagree.length === 0) proof.top10Agree++;
    else {
      for (const id of disagree) failed.add(id);
      proof.notes.push(`query ${qid}: top-10 of ${disagree.join(', ')} differs from ${baseId}`);
    }
  }
  const runs = checkRuns(iterations, [...new Set([...ids, ...iterations.map((it) => it.pipelineId)])], baseId);
  proof.tokens = runs.tokens;
  proof.runsHashed = runs.runsHashed;
  proof.nonWaitingWrites = runs.nonWaitingWrites;
  proof.notes.push(...runs.notes);
  for (const id of runs.failed) failed.add(id);
  proof.failedPipelines = [...failed];
  proof.passed = failed.size === 0;
  if (ids.length < 2) proof.notes.push('only one pipeline: nothing to compare against');
  return proof;
}
