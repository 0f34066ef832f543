import { QdrantClient } from '@qdrant/js-client-rest';
import type { WriteCounts } from '../types.js';
import { contentHash, scrollContent } from '../verify/content.js';
import { readWriteCounts } from '../verify/writes.js';

/** The store as the harness sees it: where it is, and (embedded only) its process. */
export interface StoreEndpoint {
  restUrl: string;
  grpcUrl: string;
  apiKey?: string | null;
}

export function storeClient(store: StoreEndpoint): QdrantClient {
  return new QdrantClient({ url: store.restUrl, apiKey: store.apiKey ?? undefined, checkCompatibility: false });
}

/** A fresh, valid collection name per iteration: `bench_<run>_<pipeline>_<index>`. */
export function collectionName(runId: string, pipelineId: string, index: number): string {
  return `bench_${runId}_${pipelineId}_${index}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 255);
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

/** A point as stored: its id, payload and dense vector (null when it has none). */
export interface StoredPoint {
  id: string;
  payload: Record<string, unknown>;
  vector: number[] | null;
}

/** Every point of a collection, page by page, with payload and vector. */
export async function scrollPoints(client: QdrantClient, collection: string): Promise<StoredPoint[]> {
  const out: StoredPoint[] = [];
  let offset: string | number | undefined | null;
  do {
    const page: Awaited<ReturnType<QdrantClient['scroll']>> = await client.scroll(collection, {
      limit: 256,
      offset: offset ?? undefined,
      with_payload: true,
      with_vector: true,
    });
    for (const p of page.points) out.push({ id: String(p.id), payload: (p.payload ?? {}) as Record<string, unknown>, vector: plainVector(p.vector) });
    offset = page.next_page_offset as string | number | null | undefined;
  } while (offset !== null && offset !== undefined);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the harness learned about an iteration's collection before dropping (or keeping) it. */
export interface CollectionCheck {
  /** null: the collection does not exist. */
  storedPoints: number | null;
  /** Hash of its ids and payloads (when asked for). */
  contentHash: string | null;
  /** null: the store does not count writes. */
  writes: WriteCounts | null;
}

/**
 * Per-iteration collection lifecycle. After a pipeline's run: wait until the collection is idle,
 * count its points (must equal what the pipeline reported), then drop it, unless it is the
 * pipeline's latest measured one, kept for the equivalence proof.
 */
export class CollectionLifecycle {
  /** pipeline id -> the collection kept for verification. */
  readonly kept = new Map<string, string>();

  constructor(
    private readonly client: QdrantClient,
    private readonly store: StoreEndpoint,
  ) {}

  async exists(name: string): Promise<boolean> {
    return (await this.client.collectionExists(name)).exists;
  }

  /** Waits until the collection's status is green and its optimizer is ok (no background indexing). */
  async waitIdle(name: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.client.getCollection(name);
      const optimizerOk = info.optimizer_status === 'ok';
      if (info.status === 'green' && optimizerOk) return;
      if (typeof info.optimizer_status === 'object' && 'error' in info.optimizer_status) {
        throw new Error(`collection ${name}: optimizer error: ${info.optimizer_status.error}`);
      }
      if (Date.now() > deadline) throw new Error(`collection ${name} still ${info.status} after ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  async countPoints(name: string): Promise<number> {
    return (await this.client.count(name, { exact: true })).count;
  }

  async drop(name: string): Promise<void> {
    if (await this.exists(name)) await this.client.deleteCollection(name);
  }

  /**
   * After a run: its point count, write counts and (when `hash`) content hash. Keeps `name` for
   * `pipelineId` when `keep` (dropping the one kept before), drops it otherwise.
   */
  async afterRun(name: string, pipelineId: string, keep: boolean, hash: boolean): Promise<CollectionCheck> {
    if (!(await this.exists(name))) return { storedPoints: null, contentHash: null, writes: null };
    await this.waitIdle(name);
    const stored = await this.countPoints(name);
    const writes = await readWriteCounts(this.store, name);
    const content = hash ? contentHash(await scrollContent(this.client, name)) : null;
    if (keep) {
      const previous = this.kept.get(pipelineId);
      this.kept.set(pipelineId, name);
      if (previous && previous !== name) await this.drop(previous);
    } else {
      await this.drop(name);
    }
    return { storedPoints: stored, contentHash: content, writes };
  }

  /** Before an iteration: every collection still present is idle (so no indexing runs during a measurement). */
  async waitStoreIdle(): Promise<void> {
    for (const name of this.kept.values()) if (await this.exists(name)) await this.waitIdle(name);
  }

  /** Drops everything still kept. */
  async dropKept(): Promise<void> {
    for (const name of this.kept.values()) await this.drop(name).catch(() => {});
    this.kept.clear();
  }
}
