/**
 * Contract rule 5, every upsert acknowledged (`wait=true`), checked at the store: qdrant-local
 * counts each collection's writes with and without wait at `GET /local/collections/{name}/writes`.
 * A Qdrant server has no such endpoint: then the rule is not checked (null).
 */
import type { WriteCounts } from '../types.js';

export interface WriteCountSource {
  restUrl: string;
  apiKey?: string | null;
}

export async function readWriteCounts(store: WriteCountSource, collection: string): Promise<WriteCounts | null> {
  let response: Response;
  try {
    response = await fetch(`${store.restUrl}/local/collections/${encodeURIComponent(collection)}/writes`, {
      headers: store.apiKey ? { 'api-key': store.apiKey } : {},
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return null;
  }
  if (!response.ok) return null; // 404: a store without write counts (an external Qdrant)
  const body = (await response.json().catch(() => null)) as { result?: { waiting?: unknown; non_waiting?: unknown } } | null;
  const { waiting, non_waiting: nonWaiting } = body?.result ?? {};
  return typeof waiting === 'number' && typeof nonWaiting === 'number' ? { waiting, nonWaiting } : null;
}
