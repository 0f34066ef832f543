/**
 * TEST DOUBLE: a tiny in-memory stand-in for Qdrant's REST API, just the calls the harness's
 * tests make (root, collections, upsert, count, scroll, search), plus qdrant-local's count of
 * writes with and without wait=true (`GET /local/collections/{name}/writes`). It lets the harness's own logic
 * be tested without the embedded server's release build. Never used to measure anything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cosine } from '../../src/verify/vectors.js';

interface Point {
  id: string;
  vector: number[];
  payload: unknown;
}

export interface FakeQdrant {
  url: string;
  collections: Map<string, Map<string, Point>>;
  close(): Promise<void>;
}

type Send = (status: number, result: unknown) => void;

/** The double's whole state: points per collection, counted writes, each collection's config. */
interface State {
  collections: Map<string, Map<string, Point>>;
  writes: Map<string, { waiting: number; non_waiting: number }>;
  configs: Map<string, unknown>;
}

interface Call {
  method: string | undefined;
  url: URL;
  input: Record<string, unknown> & { points?: Array<{ id: unknown; vector: unknown; payload: unknown }> };
}

export async function startFakeQdrant(): Promise<FakeQdrant> {
  const state: State = { collections: new Map(), writes: new Map(), configs: new Map() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send: Send = (status, result) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { result, status: 'ok', time: 0 } : { status: { error: String(result) } }));
      };
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/') {
        // GET / carries a version, as Qdrant's does.
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ title: 'fake-qdrant (test double)', version: '1.0.0-double' }));
      }
      route(state, { method: req.method, url, input: body ? JSON.parse(body) : {} }, send);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    collections: state.collections,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Collection-level calls: the write counts, exists, create, delete, info; points go to `routePoints`. */
function route(state: State, call: Call, send: Send) {
  const { method, url, input } = call;
  const counted = url.pathname.match(/^\/local\/collections\/([^/]+)\/writes$/);
  if (counted) return state.collections.has(counted[1]) ? send(200, state.writes.get(counted[1])) : send(404, `Collection ${counted[1]} not found`);
  const m = url.pathname.match(/^\/collections\/([^/]+)(\/.*)?$/);
  if (!m) return send(404, `no route ${url.pathname}`);
  const [, name, rest = ''] = m;
  const col = state.collections.get(name);
  if (rest === '/exists') return send(200, { exists: !!col });
  if (rest === '' && method === 'PUT') {
    if (col) return send(409, `collection ${name} exists`);
    state.collections.set(name, new Map());
    state.writes.set(name, { waiting: 0, non_waiting: 0 });
    state.configs.set(name, { params: { vectors: input.vectors }, quantization_config: input.quantization_config ?? null });
    return send(200, true);
  }
  if (rest === '' && method === 'DELETE') return send(200, state.collections.delete(name));
  if (!col) return send(404, `Collection ${name} not found`);
  if (rest === '' && method === 'GET') return send(200, { status: 'green', optimizer_status: 'ok', points_count: col.size, config: state.configs.get(name) });
  if (rest === '/points' && method === 'PUT') state.writes.get(name)![url.searchParams.get('wait') === 'true' ? 'waiting' : 'non_waiting']++;
  routePoints(col, call, rest, send);
}

/** Point-level calls on an existing collection: upsert, count, scroll, search. */
function routePoints(col: Map<string, Point>, { method, url, input }: Call, rest: string, send: Send) {
  if (rest === '/points' && method === 'PUT') {
    for (const p of input.points ?? []) {
      // The unnamed vector and the one named "" are the same to Qdrant.
      const named = p.vector as Record<string, number[]>;
      const vector = Array.isArray(p.vector) ? (p.vector as number[]) : (named[''] ?? Object.values(named)[0]);
      col.set(String(p.id), { id: String(p.id), vector, payload: p.payload });
    }
    return send(200, { operation_id: 1, status: 'completed' });
  }
  if (rest === '/points/count') return send(200, { count: col.size });
  if (rest === '/points/scroll') {
    const all = [...col.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = input.offset ? all.findIndex((p) => p.id === input.offset) : 0;
    const page = all.slice(start, start + ((input.limit as number | undefined) ?? 10));
    const next = all[start + page.length]?.id ?? null;
    // Named vector "" as LangChain stores it, to exercise that shape.
    return send(200, { points: page.map((p) => ({ id: p.id, payload: p.payload, vector: { '': p.vector } })), next_page_offset: next });
  }
  if (rest === '/points/search') {
    const hits = [...col.values()].map((p) => ({ id: p.id, version: 0, score: cosine(p.vector, input.vector as number[]) }));
    hits.sort((a, b) => b.score - a.score);
    return send(200, hits.slice(0, input.limit as number));
  }
  send(404, `no route ${method} ${url.pathname}`);
}
