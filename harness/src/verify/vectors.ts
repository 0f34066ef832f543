/**
 * Vectors as the contract compares them (pipelines/README.md): the cosine floor that stored
 * vectors of the same chunk must reach across pipelines, and the cosine itself. The one copy
 * of each; the pipelines' and the store's tests import them from here.
 */

/** Stored vectors of the same id must agree at least this much. */
export const MIN_COSINE = 0.999;

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -1;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
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
