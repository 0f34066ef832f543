/**
 * gRPC fuzz of the embedded Qdrant (issue 14): every RPC qdrant-local implements gets its valid
 * request mutated at field, byte and frame level (grpc-fuzz-cases.ts), over one HTTP/2
 * connection to the real binary. Each answer must carry a grpc-status, never a reset stream;
 * an error status must be one a client can act on (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS,
 * UNIMPLEMENTED, RESOURCE_EXHAUSTED) with a message, or INTERNAL only for a frame that does not
 * decode (tonic's own answer, as Qdrant's: qdrant-local/README.md); the server never logs a
 * panic and still answers a health check and a real query afterwards.
 */
import http2 from 'node:http2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../../harness/test/fuzz-settings.js';
import { type EmbeddedStore, startEmbeddedStore } from '../../../harness/src/store/index.js';
import { encode, grpcFrame, str } from './fuzz-protobuf.js';
import { DIMS, grpcCase, MAIN, NOT_IN_API } from './grpc-fuzz-cases.js';

const CASES = 1500;
/** gRPC codes a client can act on: INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, RESOURCE_EXHAUSTED, OUT_OF_RANGE (tonic: a frame over the 32 MiB limit), UNIMPLEMENTED. */
const CLIENT_CODES = new Set([3, 5, 6, 8, 11, 12]);
/** tonic's INTERNAL for a frame it cannot decode (the handler never ran): documented in qdrant-local/README.md. */
const UNDECODABLE =
  /^(failed to decode Protobuf message|Message compressed, compression not supported|Unexpected EOF decoding stream|Missing request message|protocol error)/;

interface Answer {
  code: number | null;
  message: string;
  reset?: string;
}

function call(session: http2.ClientHttp2Session, path: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    const request = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    let status: Record<string, unknown> = {};
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) status = headers;
    };
    request.on('response', take);
    request.on('trailers', take);
    request.on('data', () => {});
    request.setTimeout(10_000, () => request.close(http2.constants.NGHTTP2_CANCEL));
    request.on('close', () => {
      const code = status['grpc-status'] === undefined ? null : Number(status['grpc-status']);
      const message = decodeURIComponent(String(status['grpc-message'] ?? ''));
      resolve(code === null ? { code, message, reset: `stream closed with code ${request.rstCode}` } : { code, message });
    });
    request.on('error', () => {});
    request.end(body);
  });
}

/** Why an answer is wrong, or null when it is one of the allowed ones. */
function judge(answer: Answer, path = ''): string | null {
  if (answer.code === null) return `no grpc-status (${answer.reset})`;
  if (answer.code === 0) return null;
  // A method that is not in Qdrant's API at all, inside a service that is: tonic's generated
  // router answers UNIMPLEMENTED without a message, as Qdrant itself does (same generated code).
  if (answer.code === 12 && path === NOT_IN_API) return null;
  if (answer.message === '') return `code ${answer.code} without a message`;
  if (CLIENT_CODES.has(answer.code)) return null;
  if (answer.code === 13 && UNDECODABLE.test(answer.message)) return null;
  return `code ${answer.code}: ${answer.message}`;
}

describe('gRPC fuzz of qdrant-local', () => {
  let store: EmbeddedStore;
  let session: http2.ClientHttp2Session;
  const log: string[] = [];

  beforeAll(async () => {
    store = await startEmbeddedStore({ onLog: (line) => log.push(line) });
    session = http2.connect(store.grpcUrl!);
    const put = (path: string, body: unknown) =>
      fetch(`${store.restUrl}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put(`/collections/${MAIN}`, { vectors: { size: DIMS, distance: 'Cosine' } })).status).toBe(200);
    const points = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, vector: [i, 1, -i, 0.5], payload: { n: i % 3, x: i / 20, s: `p${i}` } }));
    expect((await put(`/collections/${MAIN}/points?wait=true`, { points })).status).toBe(200);
  });

  afterAll(async () => {
    session?.close();
    await store?.stop();
  });

  it(`answers ${CASES} mutated requests to every RPC with a status, never a panic, and still serves`, async () => {
    const wrong: string[] = [];
    const codes = new Map<number | null, number>();
    const internal = new Map<string, number>();
    await fc
      .assert(
        fc.asyncProperty(grpcCase, async (c) => {
          const answer = await call(session, c.path, c.body);
          codes.set(answer.code, (codes.get(answer.code) ?? 0) + 1);
          if (answer.code === 13) internal.set(answer.message.slice(0, 50), (internal.get(answer.message.slice(0, 50)) ?? 0) + 1);
          const why = judge(answer, c.path);
          if (why && wrong.length < 5) wrong.push(`${c.path} ${JSON.stringify(c.describe, (_, v) => (typeof v === 'bigint' ? String(v) : v))}: ${why}`);
          return why === null;
        }),
        fuzzParameters('qdrant-local gRPC', CASES),
      )
      .catch((error) => {
        throw new Error(`${wrong.join('\n')}\n${error.message}`);
      });
    console.log(`gRPC status codes: ${JSON.stringify(Object.fromEntries(codes))}; ${internal.size} distinct INTERNAL (undecodable) messages`);
    expect(log.filter((line) => /panic/i.test(line))).toEqual([]);
    expect(store.exitReason()).toBeNull();
    // still serving: a health check and a real read of the collection the fuzz wrote to
    expect(judge(await call(session, '/qdrant.Qdrant/HealthCheck', grpcFrame(new Uint8Array())))).toBeNull();
    expect(await call(session, '/qdrant.Collections/Get', grpcFrame(encode([str(1, MAIN)])))).toEqual({ code: 0, message: '' });
  });
});
