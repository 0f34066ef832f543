/**
 * `--workload query` with real processes against the real embedded Qdrant (qdrant-local): the
 * query double (harness/test/doubles/query-double-pipeline.mjs, a test double, not a measured
 * pipeline) indexes the contract's test corpus once (stub vectors, real points), then answers
 * the texts at two levels, one copy declared Python with a lock around its "embedding" (as a GIL
 * would hold threads), one declared Rust without. Also a variant outside the set "query", a
 * malformed event, answers that differ, and Ctrl-C. Needs qdrant-local's release build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QDRANT_LOCAL_BIN } from '../src/paths.js';
import { openStore, type StoreHandle } from '../src/store/index.js';
import type { RunSummary } from '../src/types.js';
import { QUERY_TEXTS, queryDouble, queryRun } from './query-helpers.js';

describe.skipIf(!existsSync(QDRANT_LOCAL_BIN))('--workload query against the embedded Qdrant, with the query double', () => {
  let store: StoreHandle;
  let run: Awaited<ReturnType<typeof queryRun>>;
  beforeAll(async () => {
    store = await openStore({}, {});
    const pipelines = [
      queryDouble('py', 'Python', { QUERY_DOUBLE_GIL: '1' }, { reference: true }),
      queryDouble('rs', 'Rust'),
      { id: 'variant', name: 'No query job', command: ['/nonexistent'] },
    ];
    run = await queryRun(store, pipelines, ['--iterations', '3', '--warmup', '0']);
  }, 120_000);
  afterAll(() => store?.stop());

  it('indexes once, queries every speaker, verifies the answers and drops the collection', () => {
    const q = run.summary.query!;
    expect(run.exitCode, JSON.stringify(q.processes.map((p) => p.failure))).toBe(0);
    expect(q.index).toMatchObject({ pipelineId: 'py', status: 'ok' });
    expect(q.index!.points).toBeGreaterThan(3);
    expect(q.processes.map((p) => p.status)).toEqual(Array(6).fill('ok'));
    expect(q.agreement).toMatchObject({ passed: true, referenceId: 'py', disagreeing: [] });
    expect(q.notImplemented).toEqual([{ id: 'variant', name: 'No query job' }]);
    expect(run.collectionsLeft).toEqual([]);
  });

  it('sees the lock hold the "Python" double back: claim 4 holds for the doubles', () => {
    const q = run.summary.query!;
    const scaling = (id: string) => q.pipelines.find((p) => p.pipelineId === id)!.scaling!;
    expect(scaling('py').value).toBeLessThan(2);
    expect(scaling('rs').ciLow).toBeGreaterThan(scaling('py').ciHigh);
    expect(q.verdict).toBe('holds');
    const row = run.summary.claims?.rows.find((r) => r.claim === 4) ?? JSON.parse(readFileSync(path.join(run.runDir, 'summary.json'), 'utf8')).claims.rows[3];
    expect(row).toMatchObject({ measured: true, verdict: 'holds' });
  });

  it('writes the query section to every format as each process finishes', () => {
    const written: RunSummary = JSON.parse(readFileSync(path.join(run.runDir, 'summary.json'), 'utf8'));
    expect(written.query!.processes).toHaveLength(6);
    expect(readFileSync(path.join(run.runDir, 'report.md'), 'utf8')).toMatch(/## Retrieval under concurrency \(claim 4\)[\s\S]*not implemented/);
    expect(readFileSync(path.join(run.runDir, 'report.html'), 'utf8')).toMatch(/<section id="query">/);
    const csv = readFileSync(path.join(run.runDir, 'query.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^pipelineId,concurrency,runs,latencies,latencyP50Ms,latencyP99Ms,qps,/);
    expect(csv).toHaveLength(1 + 2 * 2 + 1);
    const workload = JSON.parse(readFileSync(path.join(run.runDir, 'workloads', 'rs-query-0.json'), 'utf8'));
    expect(workload).toMatchObject({ job: 'query', query: { texts: QUERY_TEXTS, top_k: 3, concurrency: [1, 4], passes: 2 } });
    expect(workload.qdrant.collection).toBe(run.summary.query!.index!.collection);
  });
});
