/** The external store: any Qdrant named by QDRANT_URL (REST), QDRANT_GRPC_URL, QDRANT_API_KEY and QDRANT_CA_CERT. */
import type { StoreHandle } from './index.js';
import { readCaCert, tlsHint } from './tls.js';

/**
 * The external Qdrant named by QDRANT_URL (REST), QDRANT_GRPC_URL (default: REST port + 1),
 * QDRANT_API_KEY and, for https with a private CA, QDRANT_CA_CERT; checks that it answers and
 * reads its version.
 */
export async function externalStore(env: NodeJS.ProcessEnv = process.env): Promise<StoreHandle> {
  const restUrl = env.QDRANT_URL?.replace(/\/+$/, '');
  if (!restUrl) throw new Error('QDRANT_URL is not set');
  let parsed: URL;
  try {
    parsed = new URL(restUrl);
  } catch {
    throw new Error(`QDRANT_URL=${restUrl} is not a URL (expected e.g. http://127.0.0.1:6333)`);
  }
  const grpcUrl = env.QDRANT_GRPC_URL?.replace(/\/+$/, '') ?? defaultGrpcUrl(parsed);
  const apiKey = env.QDRANT_API_KEY || undefined;
  const caCert = readCaCert(env, parsed);
  const version = await readVersion(restUrl, apiKey);
  return { kind: 'external', name: 'qdrant', version, restUrl, grpcUrl, apiKey, ...(caCert ? { caCert } : {}), stop: async () => {} };
}

function defaultGrpcUrl(rest: URL): string {
  const restPort = rest.port ? Number(rest.port) : rest.protocol === 'https:' ? 443 : 80;
  return `${rest.protocol}//${rest.hostname}:${restPort + 1}`;
}

async function readVersion(restUrl: string, apiKey?: string): Promise<string> {
  const hint = 'start one (e.g. `docker compose up -d`), fix QDRANT_URL, or unset QDRANT_URL to use the embedded server';
  let response: Response;
  try {
    response = await fetch(`${restUrl}/`, {
      headers: apiKey ? { 'api-key': apiKey } : {},
      signal: AbortSignal.timeout(5_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string; code?: string } }).cause;
    const tls = tlsHint(cause?.code);
    if (tls) throw new Error(`Qdrant at QDRANT_URL=${restUrl} ${tls} (${cause?.message})`);
    throw new Error(`Qdrant at QDRANT_URL=${restUrl} is not reachable (${cause?.message ?? (err as Error).message}): ${hint}`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`Qdrant at QDRANT_URL=${restUrl} refused the API key (HTTP ${response.status}): set QDRANT_API_KEY to its key`);
  }
  if (!response.ok) throw new Error(`Qdrant at QDRANT_URL=${restUrl} answered HTTP ${response.status} on GET /: ${hint}`);
  const body = (await response.json().catch(() => ({}))) as { version?: unknown };
  if (typeof body.version !== 'string') throw new Error(`QDRANT_URL=${restUrl} does not look like Qdrant: GET / has no version`);
  return body.version;
}
