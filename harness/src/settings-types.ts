/**
 * The settings every pipeline of a run gets (part of the `summary.json` schema; types.ts
 * re-exports these).
 */
import type { Mode } from './types.js';

/** The knobs applied equally to every pipeline; they are part of the workload identity. */
export interface WorkloadSettings {
  corpus: { dir: string; files: string[]; totalFiles: number; bytes: number; subset: string };
  chunkSize: number;
  chunkOverlap: number;
  separators: string[];
  model: { dir: string; name: string; sha256: string | null };
  embedBatchSize: number;
  upsertBatchSize: number;
  threads: number;
  mode: Mode;
  /** Qdrant's shard and replica counts every pipeline passes when it creates its collection (bench.config.json's `collection`, config/collection.ts); absent: none sent, the store's defaults. */
  collection?: CollectionSettings;
}

/** Qdrant's `shard_number` and `replication_factor`; a key absent = not sent. */
export interface CollectionSettings {
  shardNumber?: number;
  replicationFactor?: number;
}
