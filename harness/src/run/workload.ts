import path from 'node:path';
import { workloadCollectionFields } from '../config/collection.js';
import type { BenchConfig } from '../config/types.js';
import { writeFileAtomic } from '../results/atomic.js';
import type { WorkloadSettings } from '../types.js';

/**
 * The settings every pipeline of a run gets, from the config, the corpus chosen and the model.
 * The model is hashed later (run/bench.ts hashModel): reading the weights here would put them
 * in the page cache before the first runs.
 */
export function workloadSettings(config: BenchConfig, corpus: WorkloadSettings['corpus'], modelDir: string, mode: WorkloadSettings['mode']): WorkloadSettings {
  return {
    corpus,
    chunkSize: config.chunkSize,
    chunkOverlap: config.chunkOverlap,
    separators: config.separators,
    model: { dir: modelDir, name: path.basename(modelDir), sha256: null },
    embedBatchSize: config.embedBatchSize,
    upsertBatchSize: config.upsertBatchSize,
    threads: config.threads,
    mode,
    ...(config.collection ? { collection: config.collection } : {}),
  };
}

export interface StoreTarget {
  restUrl: string;
  grpcUrl: string;
  apiKey?: string | null;
}

/** The workload file of one iteration, exactly as pipelines/workload.schema.json defines it. */
export function buildWorkload(settings: WorkloadSettings, store: StoreTarget, collection: string): Record<string, unknown> {
  return {
    corpus: { dir: settings.corpus.dir, files: settings.corpus.files },
    chunking: { chunk_size: settings.chunkSize, chunk_overlap: settings.chunkOverlap, separators: settings.separators },
    model: { dir: settings.model.dir },
    embed_batch_size: settings.embedBatchSize,
    upsert_batch_size: settings.upsertBatchSize,
    threads: settings.threads,
    qdrant: {
      url: store.restUrl,
      grpc_url: store.grpcUrl,
      ...(store.apiKey ? { api_key: store.apiKey } : {}),
      collection,
      ...workloadCollectionFields(settings.collection),
    },
    mode: settings.mode,
  };
}

export function writeWorkload(file: string, workload: Record<string, unknown>): void {
  writeFileAtomic(file, JSON.stringify(workload, null, 2) + '\n');
}
