import type { QdrantClient } from '@qdrant/js-client-rest';
import type { EquivalenceProof, IterationResult, VerificationProblem } from '../types.js';
import { scrollPoints } from '../store/collections.js';
import { contentHash } from './content.js';
import { checkRuns } from './runs.js';
import { storageProblem } from './storage.js';
import { cosine, MIN_COSINE } from './vectors.js';

interface StoredPoint {
  id: string;
  payload: unknown;
  vector: number[];
}

/** sha256 over the sorted (id, sha256(canonical payload)) pairs: chunk text and metadata. */
export const chunkHash = (points: StoredPoint[]): string => contentHash(points);

async function scrollAll(client: QdrantClient, collection: string): Promise<StoredPoint[]> {
  return (await scrollPoints(client, collection)).map((p) => ({ id: p.id, payload: p.payload, vector: p.vector ?? [] }));
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

type PointsById = Map<string, StoredPoint>;

/** Chunks and vectors of one pipeline against the reference pipeline's: problems found, lowest cosine. */
function compareWithReference(id: string, mine: PointsById, referenceId: string, reference: PointsById, sameChunks: boolean) {
  const problems: VerificationProblem[] = [];
  if (!sameChunks) {
    const missing = [...reference.keys()].filter((k) => !mine.has(k)).length;
    const extra = [...mine.keys()].filter((k) => !reference.has(k)).length;
    problems.push({
      kind: 'chunks',
      pipelineId: id,
      message: `chunks differ from ${referenceId}'s (${mine.size} vs ${reference.size} points, ${missing} missing, ${extra} extra)`,
    });
  }
  let min = Infinity;
  for (const [pid, p] of mine) {
    const r = reference.get(pid);
    if (r) min = Math.min(min, cosine(p.vector, r.vector));
  }
  const lowest = Number.isFinite(min) ? min : 0;
  if (!(lowest >= MIN_COSINE)) {
    problems.push({ kind: 'vectors', pipelineId: id, message: `lowest cosine to ${referenceId}'s vectors is ${lowest.toFixed(6)} (< ${MIN_COSINE})` });
  }
  return { problems, lowest };
}

/** Sample queries: each pipeline searches its own collection with its own vector of the query chunk; problems per disagreeing pipeline. */
async function compareTop10(client: QdrantClient, collections: Map<string, string>, points: Map<string, PointsById>, referenceId: string, queries: number) {
  const ids = [...collections.keys()];
  const reference = points.get(referenceId)!;
  const problems: VerificationProblem[] = [];
  let asked = 0;
  let agreed = 0;
  for (const qid of sampleIds([...reference.keys()], queries)) {
    const answers = new Map<string, Hit[]>();
    for (const id of ids) {
      const own = points.get(id)!.get(qid) ?? reference.get(qid)!;
      const hits = await client.search(collections.get(id)!, { vector: own.vector, limit: 10 });
      answers.set(
        id,
        hits.map((h) => ({ id: String(h.id), score: h.score })),
      );
    }
    asked++;
    const disagree = ids.filter((id) => !sameTop10(answers.get(referenceId)!, answers.get(id)!));
    if (disagree.length === 0) agreed++;
    for (const id of disagree) problems.push({ kind: 'top10', pipelineId: id, message: `query ${qid}: its top-10 differs from ${referenceId}'s` });
  }
  return { problems, asked, agreed };
}

/**
 * The cross-pipeline equivalence proof over each pipeline's kept collection: float32 storage,
 * equal content hashes (ids and payloads), cosine >= MIN_COSINE between the stored vectors of
 * the same id (each against the reference pipeline), and the same top-10 ids for sample
 * queries; over every run (verify/runs.ts): equal token counts, every measured run's content
 * hash, no write without wait=true. A query is a chunk's text as each
 * pipeline embedded it (its own stored vector of that id), searched in its own collection.
 */
export async function proveEquivalence(
  client: QdrantClient,
  collections: Map<string, string>,
  referenceId: string,
  queries = 10,
  iterations: readonly IterationResult[] = [],
): Promise<EquivalenceProof> {
  const ids = [...collections.keys()];
  const points = new Map<string, PointsById>();
  const chunkHashes: Record<string, string> = {};
  for (const id of ids) {
    const list = await scrollAll(client, collections.get(id)!);
    points.set(id, new Map(list.map((p) => [p.id, p])));
    chunkHashes[id] = chunkHash(list);
  }
  const refId = points.has(referenceId) ? referenceId : ids[0];
  const problems: VerificationProblem[] = [];
  for (const id of ids) {
    const problem = await storageProblem(client, collections.get(id)!);
    if (problem) problems.push({ kind: 'storage', pipelineId: id, message: problem });
  }
  const minCosine: Record<string, number> = {};
  for (const id of ids.filter((x) => x !== refId)) {
    const found = compareWithReference(id, points.get(id)!, refId, points.get(refId)!, chunkHashes[id] === chunkHashes[refId]);
    problems.push(...found.problems);
    minCosine[`${refId}|${id}`] = found.lowest;
  }
  const top10 = await compareTop10(client, collections, points, refId, queries);
  problems.push(...top10.problems);
  const runs = checkRuns(iterations, [...new Set([...ids, ...iterations.map((it) => it.pipelineId)])], refId);
  problems.push(...runs.problems);
  const notes = ids.length < 2 ? ['only one pipeline: nothing to compare against'] : [];
  if (runs.nonWaitingWrites === null) notes.push('wait=true not checked: the store does not count writes (external Qdrant)');
  return {
    chunkHashes,
    tokens: runs.tokens,
    runsHashed: runs.runsHashed,
    nonWaitingWrites: runs.nonWaitingWrites,
    chunksEqual: new Set(Object.values(chunkHashes)).size <= 1,
    minCosine,
    cosineFloor: MIN_COSINE,
    top10Agree: top10.agreed,
    top10Queries: top10.asked,
    passed: problems.length === 0,
    problems,
    notes,
  };
}
