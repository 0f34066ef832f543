/**
 * Round trip of @qdrant/js-client-rest (compatibility check on) against the embedded Qdrant,
 * started through harness/src/store/embedded.ts: create, upsert 1,200 points of 384 dims in
 * batches, query top-10 == brute-force cosine ranking, count, scroll all, retrieve, delete,
 * exists false afterwards. No version warning may be printed.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { seededRandom } from '../../../harness/src/stats/random.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../../harness/src/store/index.js';
import { cosine } from '../../../harness/src/verify/vectors.js';

const DIMS = 384;
const POINTS = 1_200;
const BATCH = 256;

/** Deterministic pseudo-random vectors (the project's seeded generator), values in [-1, 1). */
function vectors(count: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: DIMS }, () => random() * 2 - 1));
}

describe('@qdrant/js-client-rest against qdrant-local', () => {
  let store: EmbeddedStore;
  const warn = vi.spyOn(console, 'warn');

  beforeAll(async () => {
    store = await startEmbeddedStore();
  });

  afterAll(async () => {
    await store?.stop();
    warn.mockRestore();
  });

  it('reports a version every client of the project accepts', () => {
    const [major, minor] = store.version.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBe(19);
    expect(store.engine).toBe('qdrant-edge 0.7.2');
  });

  it('does a full round trip without a version warning', async () => {
    const client = new QdrantClient({ url: store.restUrl, checkCompatibility: true });
    const name = 'js_roundtrip';
    const docs = vectors(POINTS, 42);

    expect(await client.createCollection(name, { vectors: { size: DIMS, distance: 'Cosine' } })).toBe(true);
    expect((await client.collectionExists(name)).exists).toBe(true);
    for (let start = 0; start < POINTS; start += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, POINTS - start) }, (_, k) => start + k);
      const result = await client.upsert(name, {
        wait: true,
        points: ids.map((id) => ({ id, vector: docs[id], payload: { n: id, even: id % 2 === 0 } })),
      });
      expect(result.status).toBe('completed');
    }

    const [query] = vectors(1, 7);
    const expected = docs
      .map((v, id) => ({ id, score: cosine(v, query) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const { points } = await client.query(name, { query, limit: 10, with_payload: true });
    expect(points.map((p) => p.id)).toEqual(expected.map((e) => e.id));
    for (const [i, p] of points.entries()) expect(p.score).toBeCloseTo(expected[i].score, 4);
    expect(points[0].payload).toEqual({ n: expected[0].id, even: expected[0].id % 2 === 0 });

    const legacy = await client.search(name, { vector: query, limit: 10 });
    expect(legacy.map((p) => p.id)).toEqual(expected.map((e) => e.id));

    expect((await client.count(name, { exact: true })).count).toBe(POINTS);
    const info = await client.getCollection(name);
    expect(info.points_count).toBe(POINTS);

    const seen: (string | number)[] = [];
    let offset: string | number | undefined | null;
    do {
      const page: Awaited<ReturnType<typeof client.scroll>> = await client.scroll(name, { limit: 500, offset: offset ?? undefined });
      seen.push(...page.points.map((p) => p.id));
      offset = page.next_page_offset as string | number | null | undefined;
    } while (offset !== null && offset !== undefined);
    expect(seen.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: POINTS }, (_, i) => i));

    const records = await client.retrieve(name, { ids: [5, 7], with_payload: true });
    expect(records.map((r) => r.payload?.n)).toEqual([5, 7]);

    await client.delete(name, { wait: true, points: [0, 1, 2] });
    expect((await client.count(name)).count).toBe(POINTS - 3);
    await client.delete(name, { wait: true, filter: { must: [{ key: 'even', match: { value: true } }] } });
    expect((await client.count(name)).count).toBe(POINTS / 2 - 1);

    expect(await client.deleteCollection(name)).toBe(true);
    expect((await client.collectionExists(name)).exists).toBe(false);

    // The compatibility check runs in the background from the constructor; by now it is done.
    expect(warn).not.toHaveBeenCalled();
  });
});
