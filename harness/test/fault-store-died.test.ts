/**
 * The embedded Qdrant killed with kill -9 in the middle of a pipeline's upserts: that iteration
 * fails with "store died", the harness restarts the store on the same data and the run goes on;
 * what the store had acknowledged before (another pipeline's collection) is intact afterwards.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { processTree } from '../src/measure/proc.js';
import { runBench } from '../src/run/bench.js';
import { QDRANT_LOCAL_BIN } from '../src/paths.js';
import { fakePipeline, TEST_CORPUS, writeTestConfig } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const storePids = () => processTree(process.pid).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'qdrant-local');

describe.skipIf(!existsSync(QDRANT_LOCAL_BIN))('the embedded store dies mid-upsert', () => {
  it('fails that iteration with "store died", restarts the store, keeps what it acknowledged, and goes on', async () => {
    const pause = path.join(mkdtempSync(path.join(os.tmpdir(), 'store-died-')), 'paused');
    // --seed 5: a, victim, b. a's collection is written before the crash and compared after it.
    const pipes = [fakePipeline('a'), fakePipeline('victim', { FAKE_UPSERT_PAUSE_FILE: pause }), fakePipeline('b')];
    const configFile = writeTestConfig(pipes, { warmup: 0, iterations: 1, upsertBatchSize: 4 });
    const out = path.join(path.dirname(configFile), 'results');
    const config = resolveConfig(parseBenchArgs(['--config', configFile, '--corpus', TEST_CORPUS, '--no-setup', '--out', out, '--seed', '5'])!);

    const running = runBench(config, { reports: false });
    while (!existsSync(pause)) await sleep(50);
    const [pid] = storePids();
    process.kill(pid, 'SIGKILL');
    const { summary, exitCode } = await running;

    const byId = Object.fromEntries(summary.iterations.map((it) => [it.pipelineId, it]));
    expect(summary.iterations.map((it) => it.pipelineId)).toEqual(['a', 'victim', 'b']);
    expect(byId.victim.status).toBe('failed');
    expect(byId.victim.failure?.kind).toBe('store');
    expect(byId.victim.failure?.message).toMatch(/^store died: qdrant-local killed by SIGKILL; restarted on the same data \(restart 1\) \(the iteration: /);
    expect(byId.a.status).toBe('ok');
    expect(byId.b.status).toBe('ok');
    // a's collection, acknowledged before the crash, read back from the restarted store: same content as b's.
    expect(summary.equivalence!.passed).toBe(true);
    expect(summary.equivalence!.chunkHashes.a).toBe(summary.equivalence!.chunkHashes.b);
    expect(summary.status).toBe('complete');
    expect(exitCode).toBe(1);
    expect(storePids()).toEqual([]); // the restarted store is stopped at the end too
  });
});
