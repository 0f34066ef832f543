/**
 * --workload query when things go wrong, with real processes against the real embedded Qdrant:
 * a malformed event fails that process naming the field, answers that differ fail verification
 * naming the pipeline (exit 1), and Ctrl-C keeps every finished process and drops the
 * collection (exit 130). Needs qdrant-local's release build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QDRANT_LOCAL_BIN } from '../src/paths.js';
import { openStore, type StoreHandle } from '../src/store/index.js';
import type { RunSummary } from '../src/types.js';
import { queryDouble, queryRun } from './query-helpers.js';

describe.skipIf(!existsSync(QDRANT_LOCAL_BIN))('--workload query: faults, with the query double', () => {
  let store: StoreHandle;
  beforeAll(async () => {
    store = await openStore({}, {});
  }, 60_000);
  afterAll(() => store?.stop());

  it('a malformed event fails its process, naming the field; the others go on', async () => {
    const run = await queryRun(
      store,
      [queryDouble('good', 'Rust'), queryDouble('bad', 'Python', { QUERY_DOUBLE_BREAK: 'latencies_ms' })],
      ['--iterations', '1'],
    );
    const bad = run.summary.query!.processes.find((p) => p.pipelineId === 'bad')!;
    expect(bad.status).toBe('failed');
    expect(bad.failure?.kind).toBe('protocol');
    expect(bad.failure?.message).toMatch(/^protocol: end of query_c1: latencies_ms has 7 entries, expected 8/);
    expect(run.summary.query!.processes.find((p) => p.pipelineId === 'good')!.status).toBe('ok');
    expect(run.exitCode).toBe(1);
    expect(run.collectionsLeft).toEqual([]);
  }, 60_000);

  it('answers that differ fail verification, naming the pipeline', async () => {
    const run = await queryRun(
      store,
      [queryDouble('ref', 'Python', {}, { reference: true }), queryDouble('off', 'Rust', { QUERY_DOUBLE_WRONG_ANSWERS: '1' })],
      ['--iterations', '1'],
    );
    const q = run.summary.query!;
    expect(q.processes.every((p) => p.status === 'ok')).toBe(true);
    expect(q.agreement).toMatchObject({ passed: false, referenceId: 'ref', disagreeing: ['off'] });
    expect(q.pipelines.find((p) => p.pipelineId === 'off')!.answersAgree).toBe(false);
    expect(q.verdict).toBe('inconclusive');
    expect(run.summary.status).toBe('failed');
    expect(run.exitCode).toBe(1);
    expect(readFileSync(path.join(run.runDir, 'report.md'), 'utf8')).toMatch(/ANSWERS DIFFER \(Query double off failed verification\)/);
  }, 60_000);

  it('Ctrl-C keeps every finished process and drops the collection', async () => {
    const abort = new AbortController();
    const onMessage = (t: string) => {
      if (/^query: \w+ run 1: c1/.test(t)) abort.abort(); // after the first process finished
    };
    const pipelines = [queryDouble('a', 'Rust'), queryDouble('b', 'Python')];
    const run = await queryRun(store, pipelines, ['--iterations', '3'], abort.signal, onMessage);
    expect(run.exitCode).toBe(130);
    expect(run.summary.status).toBe('interrupted');
    expect(run.summary.query!.processes).toHaveLength(1);
    const written: RunSummary = JSON.parse(readFileSync(path.join(run.runDir, 'summary.json'), 'utf8'));
    expect(written.query!.processes).toHaveLength(1);
    expect(run.collectionsLeft).toEqual([]);
  }, 60_000);
});
