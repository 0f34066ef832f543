import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { silentProgress } from '../src/progress/index.js';
import { runBench } from '../src/run/bench.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { fakePipeline, TEST_CORPUS, writeTestConfig } from './helpers.js';

describe('the store goes away in the middle of a run', () => {
  it('stops the run but still writes what finished; status failed, exit 1', async () => {
    const qdrant = await startFakeQdrant();
    const configFile = writeTestConfig([fakePipeline('a'), fakePipeline('b')], { iterations: 2 });
    const out = mkdtempSync(path.join(os.tmpdir(), 'bench-store-gone-'));
    const config = resolveConfig(parseBenchArgs(['--config', configFile, '--corpus', TEST_CORPUS, '--no-setup', '--out', out])!);
    const store = { kind: 'external' as const, name: 'fake-qdrant', version: 'double', restUrl: qdrant.url, grpcUrl: qdrant.url, stop: async () => {} };
    let closed = false;
    const progress = {
      ...silentProgress,
      iterationEnd: () => {
        if (!closed) void qdrant.close();
        closed = true;
      },
    };
    const { summary, exitCode, runDir } = await runBench(config, { store, progress, reports: false });
    expect(summary.status).toBe('failed');
    expect(summary.iterations[0].status).toBe('ok');
    expect(summary.iterations.length).toBeLessThan(4);
    expect(exitCode).toBe(1);
    expect(existsSync(path.join(runDir, 'summary.json'))).toBe(true);
    expect(readFileSync(path.join(runDir, 'iterations.jsonl'), 'utf8')).toContain(`"pipelineId":"${summary.iterations[0].pipelineId}"`); // rounds are shuffled: whichever ran first
  });
});
