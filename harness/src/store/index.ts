/**
 * The store a run writes to: the external Qdrant named by QDRANT_URL (external.ts), else the
 * embedded server qdrant-local started for the run (embedded.ts). Both give a StoreHandle.
 */
import { startEmbeddedStore, type EmbeddedOptions } from './embedded.js';
import { externalStore } from './external.js';
import { caEnv } from './tls.js';

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
  /** The PEM file of the CA that signed an https store's certificate (QDRANT_CA_CERT); absent: the system's roots. */
  caCert?: string;
  /** Stops an embedded server; a no-op for an external one. */
  stop(): Promise<void>;
}

/**
 * The external Qdrant when QDRANT_URL is set, otherwise a freshly started embedded one. An
 * external store's CA (QDRANT_CA_CERT) goes into `env` as SSL_CERT_FILE and NODE_EXTRA_CA_CERTS,
 * so every process the harness starts (they inherit its environment) trusts it (store/tls.ts).
 */
export async function openStore(options: EmbeddedOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<StoreHandle> {
  if (!env.QDRANT_URL) return startEmbeddedStore(options);
  const store = await externalStore(env);
  Object.assign(env, caEnv(store.caCert));
  return store;
}

export { startEmbeddedStore, type EmbeddedOptions, type EmbeddedStore } from './embedded.js';
export { externalStore } from './external.js';
export { caEnv } from './tls.js';
