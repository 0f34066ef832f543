/**
 * `--workload memory` with a real pipeline process against the real embedded Qdrant
 * (qdrant-local): the TypeScript pipeline in stub mode (no model: seconds, not minutes) indexes
 * the contract's test corpus three times over in one process, writing its batch events; a
 * pipeline outside the set "memory" is reported "not implemented", never run. Needs
 * qdrant-local's release build and ts-pipeline/dist.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { QDRANT_LOCAL_BIN } from '../src/paths.js';
import { runBench } from '../src/run/bench.js';
import { storeClient } from '../src/store/collections.js';
import { openStore, type StoreHandle } from '../src/store/index.js';
import type { RunSummary } from '../src/types.js';
import { REPO, writeTestConfig } from './helpers.js';

const TS_ENTRY = path.join(REPO, 'ts-pipeline', 'dist', 'main.js');
const CORPUS = path.join(REPO, 'pipelines', 'testdata', 'corpus');

describe.skipIf(!existsSync(QDRANT_LOCAL_BIN) || !existsSync(TS_ENTRY))('--workload memory against the embedded Qdrant, with the TypeScript pipeline', () => {
  let store: StoreHandle;
  let run: Awaited<ReturnType<typeof runBench>> & { collectionsLeft: unknown[] };
  beforeAll(async () => {
    store = await openStore({}, {});
    const pipelines = [
      { id: 'ts', name: 'TypeScript', language: 'TypeScript', command: ['node', TS_ENTRY] },
      { id: 'variant', name: 'No batch events', command: ['/nonexistent'] },
    ];
    // 42 chunks a copy at chunk size 200; 3 copies in groups of 16, 8 texts a pass: 7 groups of 2 passes, then 14 texts in 2
    const extra = { sets: { memory: ['ts'] }, memory: { repeat: 3 }, chunkSize: 200, chunkOverlap: 40, embedBatchSize: 8, upsertBatchSize: 16 };
    const configFile = writeTestConfig(pipelines, extra);
    const out = path.join(path.dirname(configFile), 'results');
    const config = resolveConfig(parseBenchArgs(['--config', configFile, '--corpus', CORPUS, '--no-setup', '--out', out, '--workload', 'memory'])!);
    const result = await runBench(config, { store });
    run = { ...result, collectionsLeft: (await storeClient(store).getCollections()).collections };
  }, 120_000);
  afterAll(() => store?.stop());

  it('runs one process over the repeated corpus, keeps every pass, checks and drops the collection', () => {
    const m = run.summary.memory!;
    expect(run.exitCode, JSON.stringify(m.pipelines.map((p) => p.failure))).toBe(0);
    const [ts] = m.pipelines;
    expect(ts).toMatchObject({ pipelineId: 'ts', status: 'ok', chunks: 126, storedPoints: 42, passes: 16, warmupPasses: 3 });
    expect(ts.latency).toMatchObject({ unit: 'ms per text', passes: 13 });
    expect(ts.window!.endS).toBeGreaterThan(ts.window!.startS);
    expect(m.notImplemented).toEqual([{ id: 'variant', name: 'No batch events' }]);
    expect(run.collectionsLeft).toEqual([]);
    const workload = JSON.parse(readFileSync(path.join(run.runDir, 'workloads', 'ts-memory.json'), 'utf8'));
    expect(workload.batch_events).toBe(true);
    expect(workload.corpus.files).toHaveLength(3 * 9);
  });

  it('writes the memory section and the claims row to every format', () => {
    const written: RunSummary = JSON.parse(readFileSync(path.join(run.runDir, 'summary.json'), 'utf8'));
    expect(written.memory!.pipelines).toHaveLength(1);
    expect(written.claims!.rows[4]).toMatchObject({ claim: 5, measured: true, verdict: 'inconclusive' }); // no Rust pipeline in this run
    expect(readFileSync(path.join(run.runDir, 'report.md'), 'utf8')).toMatch(/## Memory over time and pass latency \(claim 5\)[\s\S]*not implemented/);
    expect(readFileSync(path.join(run.runDir, 'report.html'), 'utf8')).toMatch(/<section id="memory">/);
    const csv = readFileSync(path.join(run.runDir, 'memory.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^pipelineId,status,repeat,chunks,storedPoints,/);
    expect(csv).toHaveLength(1 + 2);
  });
});
