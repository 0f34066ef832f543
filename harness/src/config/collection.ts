/**
 * The `collection` section of bench.config.json: Qdrant's `shard_number` and
 * `replication_factor`, passed by every pipeline when it creates its collection (the workload's
 * `qdrant.shard_number` / `qdrant.replication_factor`). Unset: not sent, so the store applies
 * its own defaults (1 and 1 on one node; shards = nodes in a cluster). Meant for a cluster
 * (docker-compose.yml's profile `cluster`); the embedded store keeps and reports them as a
 * single Qdrant node does.
 */

import type { CollectionSettings } from '../types.js';

export type { CollectionSettings };

/** Qdrant reads both as u32 with a minimum of 1. */
const count = (what: string) => ({ type: 'integer', minimum: 1, maximum: 4_294_967_295, description: what }) as const;

/** The section's JSON Schema (config/schema.ts). */
export const collectionSchema = {
  type: 'object',
  additionalProperties: false,
  description: "the collection each pipeline creates: Qdrant's shard and replica counts (unset: the store's defaults)",
  properties: {
    shardNumber: count("Qdrant's shard_number: shards of the collection (a positive integer)"),
    replicationFactor: count("Qdrant's replication_factor: copies of each shard (a positive integer)"),
  },
} as const;

/** The validated section as the run carries it; undefined when neither count is set. */
export function collectionSettings(file: CollectionSettings | undefined): CollectionSettings | undefined {
  const { shardNumber, replicationFactor } = file ?? {};
  if (shardNumber === undefined && replicationFactor === undefined) return undefined;
  return {
    ...(shardNumber !== undefined ? { shardNumber } : {}),
    ...(replicationFactor !== undefined ? { replicationFactor } : {}),
  };
}

/** The workload file's part of it (pipelines/workload.schema.json, `qdrant`). */
export function workloadCollectionFields(settings: CollectionSettings | undefined): { shard_number?: number; replication_factor?: number } {
  return {
    ...(settings?.shardNumber !== undefined ? { shard_number: settings.shardNumber } : {}),
    ...(settings?.replicationFactor !== undefined ? { replication_factor: settings.replicationFactor } : {}),
  };
}
