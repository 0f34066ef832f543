#!/usr/bin/env node
/**
 * TEST DOUBLE: a deliberately broken copy of the TypeScript pipeline, for the conformance kit's
 * own tests. It runs the real ts-pipeline (ts-pipeline/dist/main.js) on the workload it is given
 * and breaks one thing on the way, chosen by BROKEN_PIPELINE_FAULT:
 *
 *   unnamed-errors   every error event's message becomes "something went wrong" (names nothing)
 *   wrong-ids        point ids are UUIDv5 of "<source>/<chunk_index>" instead of "<source>#<chunk_index>"
 *   wrong-payload    metadata.source gets a "./" prefix
 *   uncounted-cls    done and end(embed) leave out [CLS] and [SEP] (2 tokens per chunk fewer)
 *   dropped-shards   qdrant.shard_number and qdrant.replication_factor never reach the pipeline
 *                    (it creates the collection with the store's defaults)
 *
 * The ids and payloads are broken by a proxy between the pipeline and Qdrant that rewrites each
 * upsert request; the workload the pipeline reads then names the proxy as its Qdrant.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { v5 as uuidv5 } from 'uuid';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TS_PIPELINE = path.join(REPO, 'ts-pipeline/dist/main.js');
const NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const fault = process.env.BROKEN_PIPELINE_FAULT ?? '';
if (!['unnamed-errors', 'wrong-ids', 'wrong-payload', 'uncounted-cls', 'dropped-shards'].includes(fault)) {
  process.stdout.write(`${JSON.stringify({ event: 'error', t_ms: 0, stage: null, message: `unknown BROKEN_PIPELINE_FAULT "${fault}"` })}\n`);
  process.exit(2);
}

/** One upsert's points, broken as the fault says. */
function breakPoints(points) {
  return points.map((p) => {
    const { source, chunk_index } = p.payload.metadata;
    if (fault === 'wrong-ids') return { ...p, id: uuidv5(`${source}/${chunk_index}`, NAMESPACE) };
    return { ...p, payload: { ...p.payload, metadata: { ...p.payload.metadata, source: `./${source}` } } };
  });
}

/** A proxy to `target` that breaks every upsert; resolves with its URL. */
function startProxy(target) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.method === 'PUT' && /^\/collections\/[^/]+\/points(\?|$)/.test(req.url)) {
        const request = JSON.parse(body.toString('utf8'));
        body = Buffer.from(JSON.stringify({ ...request, points: breakPoints(request.points) }));
      }
      const headers = { ...req.headers, host: new URL(target).host, 'content-length': String(body.length) };
      const forward = http.request(new URL(req.url, target), { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (err) => res.writeHead(502).end(String(err)));
      forward.end(body);
    });
  });
  server.unref();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

/**
 * The workload the real pipeline gets: the same, with the proxy as its Qdrant when ids or
 * payloads are broken, or without the shard and replica counts.
 */
async function workloadFor(file) {
  if (!['wrong-ids', 'wrong-payload', 'dropped-shards'].includes(fault)) return file;
  let workload;
  try {
    workload = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return file; // a broken or missing workload goes through as it is
  }
  const { shard_number, replication_factor, ...unsharded } = workload.qdrant;
  const qdrant = fault === 'dropped-shards' ? unsharded : { ...workload.qdrant, url: await startProxy(workload.qdrant.url) };
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'broken-pipeline-')), 'workload.json');
  const dir = (d) => path.resolve(path.dirname(file), d);
  writeFileSync(
    copy,
    JSON.stringify({
      ...workload,
      corpus: { ...workload.corpus, dir: dir(workload.corpus.dir) },
      model: { dir: dir(workload.model.dir) },
      qdrant,
    }),
  );
  return copy;
}

/** One protocol line of the real pipeline, broken as the fault says. */
function breakLine(line, chunks) {
  const event = JSON.parse(line);
  if (fault === 'unnamed-errors' && event.event === 'error') event.message = 'something went wrong';
  if (fault === 'uncounted-cls' && (event.event === 'done' || (event.event === 'end' && event.stage === 'embed'))) event.tokens -= 2 * chunks;
  return JSON.stringify(event);
}

const args = process.argv.slice(2);
const child = spawn(process.execPath, [TS_PIPELINE, ...(args.length ? [await workloadFor(args[0])] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
let chunks = 0;
createInterface({ input: child.stdout }).on('line', (line) => {
  const event = JSON.parse(line);
  if (event.event === 'end' && event.stage === 'chunk') chunks = event.chunks;
  process.stdout.write(`${breakLine(line, chunks)}\n`);
});
// 'close': after the last stdout line; exitCode (not exit()) lets the written lines drain.
child.on('close', (code) => {
  process.exitCode = code ?? 1;
});
