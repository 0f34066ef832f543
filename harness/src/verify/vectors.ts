/**
 * Vectors as the contract compares them (pipelines/README.md): the cosine floors and the cosine
 * itself. The one copy of each; the pipelines' and the store's tests import them from here.
 */

/** Stored vectors of the same id must agree at least this much across pipelines (the bench's proof). */
export const MIN_COSINE = 0.999;

/**
 * A pipeline's vector of a reference sentence against sentence-transformers' own embedding of
 * it (pipelines/testdata/embeddings.json), as the conformance kit holds it: float32 inference
 * on the same weights differs by rounding only (about 1e-7), so the floor sits far above what
 * a wrong pooling, padding or truncation gives (below 0.999) and well below rounding noise.
 */
export const REFERENCE_MIN_COSINE = 0.99999;

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
