// Rule 5: the Qdrant collection and the acknowledged upserts, over Qdrant's REST API; the query
// job's searches over the same client.
import { QdrantClient } from '@qdrant/js-client-rest';
import type { Chunk } from './chunking.js';
import { pointId, pointPayload } from './ids.js';
import { PipelineError, describeError, type StageName } from './protocol.js';

/** The workload's `qdrant.shard_number` and `qdrant.replication_factor`. */
export interface CollectionDistribution {
  shard_number?: number;
  replication_factor?: number;
}

export class QdrantStore {
  private readonly client: QdrantClient;

  constructor(
    private readonly url: string,
    private readonly collection: string,
    apiKey?: string | null,
  ) {
    // The version probe is an extra request per run and only warns; the contract fixes the API used.
    this.client = new QdrantClient({ url, apiKey: apiKey ?? undefined, checkCompatibility: false });
  }

  private fail(action: string, error: unknown, stage: StageName = 'upsert'): never {
    throw new PipelineError(stage, `qdrant at ${this.url}: ${action} failed: ${describeQdrantError(error)}`, { cause: error });
  }

  /**
   * Creates the collection: one unnamed dense vector, cosine distance, and the shard / replica
   * counts when given (else Qdrant's defaults). It must not exist yet.
   */
  async createCollection(dimension: number, distribution: CollectionDistribution = {}): Promise<void> {
    const { shard_number, replication_factor } = distribution;
    try {
      await this.client.createCollection(this.collection, {
        vectors: { size: dimension, distance: 'Cosine' },
        ...(shard_number !== undefined ? { shard_number } : {}),
        ...(replication_factor !== undefined ? { replication_factor } : {}),
      });
    } catch (error) {
      this.fail(`creating collection "${this.collection}"`, error);
    }
  }

  /** Upserts one group of points and waits until Qdrant has applied it. */
  async upsert(chunks: Chunk[], vectors: Float32Array[]): Promise<void> {
    const points = chunks.map((chunk, i) => ({
      id: pointId(chunk.source, chunk.index),
      vector: Array.from(vectors[i]),
      payload: pointPayload(chunk),
    }));
    try {
      await this.client.upsert(this.collection, { wait: true, points });
    } catch (error) {
      this.fail(`upserting ${points.length} points into "${this.collection}"`, error);
    }
  }

  /** The `limit` nearest points (Query API, no filter, no payload, no vectors): their ids in score order, as strings. */
  async search(vector: Float32Array, limit: number, stage: StageName): Promise<string[]> {
    try {
      const { points } = await this.client.query(this.collection, { query: Array.from(vector), limit, with_payload: false, with_vector: false });
      return points.map((point) => String(point.id));
    } catch (error) {
      this.fail(`searching collection "${this.collection}"`, error, stage);
    }
  }
}

/** Qdrant's own error text when it answered (status + body), else the network cause. */
function describeQdrantError(error: unknown): string {
  const response = error as { status?: number; data?: { status?: { error?: string } } };
  if (typeof response?.status === 'number') {
    const detail = response.data?.status?.error;
    return `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  }
  return describeError(error);
}
