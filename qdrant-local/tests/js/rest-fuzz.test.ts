/**
 * REST fuzz of the embedded Qdrant (issue 14): every route of qdrant-local's REST app gets its
 * valid request mutated (rest-fuzz-cases.ts) and sent to the real binary. Each answer must be
 * a 2xx in Qdrant's envelope (`status: "ok"`, `result`, `time`) or a 4xx in Qdrant's error shape
 * (`{"status": {"error": msg}, "time": t}`, msg not empty); never a 5xx (qdrant-local documents
 * none for bad input: its 500 is an engine or I/O failure, or a caught panic); the server never
 * logs a panic and still answers a count of the collection afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../../harness/test/fuzz-settings.js';
import { type EmbeddedStore, startEmbeddedStore } from '../../../harness/src/store/index.js';
import { DIMS, MAIN, restCase } from './rest-fuzz-cases.js';

const CASES = 2000;

interface Answer {
  status: number;
  text: string;
}

/** Why an answer is wrong, or null when it is a Qdrant-shaped success or 4xx. */
function judge({ status, text }: Answer): string | null {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    // the health routes answer plain text, as Qdrant's do
    return status === 200 && /^(healthz check passed|all shards are ready)$/.test(text) ? null : `${status} not JSON: ${text.slice(0, 200)}`;
  }
  if (status >= 500) return `${status}: ${text.slice(0, 300)}`;
  // GET / answers Qdrant's version object, not the envelope (as Qdrant does)
  if (status >= 200 && status < 300)
    return (body.status === 'ok' && 'result' in body) || typeof body.title === 'string' ? null : `${status} not Qdrant's envelope: ${text.slice(0, 200)}`;
  if (status >= 400) {
    const ok = typeof body?.status?.error === 'string' && body.status.error !== '' && typeof body.time === 'number';
    return ok ? null : `${status} not Qdrant's error shape: ${text.slice(0, 200)}`;
  }
  return `unexpected status ${status}`;
}

describe('REST fuzz of qdrant-local', () => {
  let store: EmbeddedStore;
  const log: string[] = [];
  const send = async (method: string, path: string, body?: string | Uint8Array, contentType = 'application/json'): Promise<Answer> => {
    const response = await fetch(`${store.restUrl}${path}`, {
      method,
      headers: { 'content-type': contentType },
      body: method === 'GET' ? undefined : (body as BodyInit | undefined),
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    store = await startEmbeddedStore({ onLog: (line) => log.push(line) });
    expect((await send('PUT', `/collections/${MAIN}`, JSON.stringify({ vectors: { size: DIMS, distance: 'Cosine' } }))).status).toBe(200);
    const points = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, vector: [i, 1, -i, 0.5], payload: { n: i % 3, x: i / 20, s: `p${i}` } }));
    expect((await send('PUT', `/collections/${MAIN}/points?wait=true`, JSON.stringify({ points }))).status).toBe(200);
  });

  afterAll(async () => {
    await store?.stop();
  });

  it("wraps axum's own rejections in Qdrant's error shape (the fuzz's first finding: a path that is not UTF-8)", async () => {
    for (const path of ['/collections/%ff/exists', '/collections/%ff/points/1', `/collections/${MAIN}/points/%ff`]) {
      const answer = await send('GET', path);
      expect(answer.status, path).toBe(400);
      expect(judge(answer), path).toBeNull();
    }
  });

  it(`answers ${CASES} mutated requests to every route in Qdrant's shape, never a 5xx or a panic, and still serves`, async () => {
    const wrong: string[] = [];
    const statuses = new Map<number, number>();
    await fc
      .assert(
        fc.asyncProperty(restCase, async (c) => {
          const answer = await send(c.method, c.path, c.body, c.contentType);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const why = judge(answer);
          if (why && wrong.length < 5) wrong.push(`${c.method} ${c.path} ${JSON.stringify(c.describe)}: ${why}`);
          return why === null;
        }),
        fuzzParameters('qdrant-local REST', CASES),
      )
      .catch((error) => {
        throw new Error(`${wrong.join('\n')}\n${error.message}`);
      });
    console.log(`REST status codes: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(log.filter((line) => /panic/i.test(line))).toEqual([]);
    expect(store.exitReason()).toBeNull();
    const count = await send('POST', `/collections/${MAIN}/points/count`, '{}');
    expect(count.status).toBe(200);
    expect(JSON.parse(count.text).result.count).toBeGreaterThan(0);
  });
});
