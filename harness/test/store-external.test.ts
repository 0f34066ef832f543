/**
 * harness/src/store/external.ts: the Qdrant named by QDRANT_URL is checked before a run (it
 * answers, it is Qdrant, the API key fits) and its gRPC port defaults to REST + 1. The real
 * server it talks to is the embedded one (needs its release build).
 */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { externalStore, startEmbeddedStore } from '../src/store/index.js';

describe('externalStore', () => {
  it('explains an unreachable QDRANT_URL', async () => {
    await expect(externalStore({ QDRANT_URL: 'http://127.0.0.1:9' })).rejects.toThrow(/not reachable.*unset QDRANT_URL/s);
  });

  it('requires QDRANT_URL to be a URL', async () => {
    await expect(externalStore({ QDRANT_URL: 'localhost 6333' })).rejects.toThrow(/is not a URL/);
  });

  it('reads the version and defaults the gRPC port to REST + 1', async () => {
    const store = await startEmbeddedStore({ apiKey: 'k1' });
    try {
      const external = await externalStore({ QDRANT_URL: store.restUrl, QDRANT_API_KEY: 'k1' });
      expect(external.kind).toBe('external');
      expect(external.version).toBe(store.version);
      const restPort = Number(new URL(store.restUrl).port);
      expect(external.grpcUrl).toBe(`http://127.0.0.1:${restPort + 1}`);
      await expect(externalStore({ QDRANT_URL: store.restUrl, QDRANT_API_KEY: 'wrong' })).rejects.toThrow(/QDRANT_API_KEY/);
    } finally {
      await store.stop();
    }
  });

  it('rejects a server that is not Qdrant', async () => {
    const server = createServer((_, res) => res.end('{"hello":"world"}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      await expect(externalStore({ QDRANT_URL: `http://127.0.0.1:${port}` })).rejects.toThrow(/does not look like Qdrant/);
    } finally {
      server.close();
    }
  });
});
