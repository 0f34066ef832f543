/**
 * What a collection holds, reduced to a hash: every point's id and its whole payload (the
 * chunk's text and its metadata), so two collections hash alike only when they hold the same
 * points with the same payloads. Taken for every measured iteration before its collection is
 * dropped, not only for the one kept for the cross-pipeline proof.
 */
import { createHash } from 'node:crypto';
import type { QdrantClient } from '@qdrant/js-client-rest';

export interface PointContent {
  id: string;
  payload: unknown;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** JSON with object keys sorted at every level: the same payload always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 over the sorted (id, sha256(canonical payload)) lines. */
export function contentHash(points: PointContent[]): string {
  const lines = points.map((p) => `${p.id}\t${sha256(canonicalJson(p.payload))}`).sort();
  return sha256(lines.join('\n'));
}

/** Every point's id and payload (no vectors), page by page. */
export async function scrollContent(client: QdrantClient, collection: string): Promise<PointContent[]> {
  const out: PointContent[] = [];
  let offset: string | number | undefined | null;
  do {
    const page: Awaited<ReturnType<QdrantClient['scroll']>> = await client.scroll(collection, {
      limit: 1024,
      offset: offset ?? undefined,
      with_payload: true,
      with_vector: false,
    });
    for (const p of page.points) out.push({ id: String(p.id), payload: p.payload ?? null });
    offset = page.next_page_offset as string | number | null | undefined;
  } while (offset !== null && offset !== undefined);
  return out;
}
