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

const cos = cosine;

export async function startFakeQdrant(): Promise<FakeQdrant> {
  const collections = new Map<string, Map<string, Point>>();
  const writes = new Map<string, { waiting: number; non_waiting: number }>();
  const configs = new Map<string, unknown>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, result: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { result, status: 'ok', time: 0 } : { status: { error: String(result) } }));
      };
      const input = body ? JSON.parse(body) : {};
      const url = new URL(req.url!, 'http://x');
      const counted = url.pathname.match(/^\/local\/collections\/([^/]+)\/writes$/);
      if (counted) return collections.has(counted[1]) ? send(200, writes.get(counted[1])) : send(404, `Collection ${counted[1]} not found`);
      const m = url.pathname.match(/^\/collections\/([^/]+)(\/.*)?$/);
      if (url.pathname === '/') {
        // GET / carries a version, as Qdrant's does.
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ title: 'fake-qdrant (test double)', version: '1.0.0-double' }));
      }
      if (!m) return send(404, `no route ${url.pathname}`);
      const [, name, rest = ''] = m;
      const col = collections.get(name);
      if (rest === '/exists') return send(200, { exists: !!col });
      if (rest === '' && req.method === 'PUT') {
        if (col) return send(409, `collection ${name} exists`);
        collections.set(name, new Map());
        writes.set(name, { waiting: 0, non_waiting: 0 });
        configs.set(name, { params: { vectors: input.vectors }, quantization_config: input.quantization_config ?? null });
        return send(200, true);
      }
      if (rest === '' && req.method === 'DELETE') return send(200, collections.delete(name));
      if (!col) return send(404, `Collection ${name} not found`);
      if (rest === '' && req.method === 'GET') return send(200, { status: 'green', optimizer_status: 'ok', points_count: col.size, config: configs.get(name) });
      if (rest === '/points' && req.method === 'PUT') {
        writes.get(name)![url.searchParams.get('wait') === 'true' ? 'waiting' : 'non_waiting']++;
        for (const p of input.points) {
          // The unnamed vector and the one named "" are the same to Qdrant.
          const vector = Array.isArray(p.vector) ? p.vector : (p.vector[''] ?? Object.values(p.vector)[0]);
          col.set(String(p.id), { id: String(p.id), vector, payload: p.payload });
        }
        return send(200, { operation_id: 1, status: 'completed' });
      }
      if (rest === '/points/count') return send(200, { count: col.size });
      if (rest === '/points/scroll') {
        const all = [...col.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
        const start = input.offset ? all.findIndex((p) => p.id === input.offset) : 0;
        const page = all.slice(start, start + (input.limit ?? 10));
        const next = all[start + page.length]?.id ?? null;
        // Named vector "" as LangChain stores it, to exercise that shape.
        return send(200, { points: page.map((p) => ({ id: p.id, payload: p.payload, vector: { '': p.vector } })), next_page_offset: next });
      }
      if (rest === '/points/search') {
        const hits = [...col.values()].map((p) => ({ id: p.id, version: 0, score: cos(p.vector, input.vector) }));
        hits.sort((a, b) => b.score - a.score);
        return send(200, hits.slice(0, input.limit));
      }
      send(404, `no route ${req.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    collections,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
