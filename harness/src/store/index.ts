/**
 * The store a run writes to: the external Qdrant named by QDRANT_URL (external.ts), else the
 * embedded server qdrant-local started for the run (embedded.ts). Both give a StoreHandle.
 */
import { startEmbeddedStore, type EmbeddedOptions } from './embedded.js';
import { externalStore } from './external.js';

/** A Qdrant ready to take requests. */
export interface StoreHandle {
  kind: 'embedded' | 'external';
  /** "qdrant-local" (embedded) or "qdrant" (external). */
  name: string;
  /** The Qdrant API version the server reports on `GET /`. */
  version: string;
  restUrl: string;
  grpcUrl: string;
  apiKey?: string;
  /** Stops an embedded server; a no-op for an external one. */
  stop(): Promise<void>;
}

/** The external Qdrant when QDRANT_URL is set, otherwise a freshly started embedded one. */
export async function openStore(options: EmbeddedOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<StoreHandle> {
  return env.QDRANT_URL ? externalStore(env) : startEmbeddedStore(options);
}

export { startEmbeddedStore, type EmbeddedOptions, type EmbeddedStore } from './embedded.js';
export { externalStore } from './external.js';
