import { writeFileAtomic } from '../results/atomic.js';
import type { WorkloadSettings } from '../types.js';

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
    },
    mode: settings.mode,
  };
}

export function writeWorkload(file: string, workload: Record<string, unknown>): void {
  writeFileAtomic(file, JSON.stringify(workload, null, 2) + '\n');
}
