import { existsSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../src/measure/proc.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { fakePipeline, REPO, TEST_CORPUS, writeTestConfig } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ctrl-C, a closing terminal and a supervisor's stop end the run alike; the exit code names the signal (128 + its number). */
describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s during a run', (signal, expectedExit) => {
  it('keeps finished iterations, writes the report for them, leaves no child process behind', async () => {
    const qdrant = await startFakeQdrant();
    const pidFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'pids-')), 'pids');
    const config = writeTestConfig([fakePipeline('done'), fakePipeline('stuck', { FAKE_HANG: 'embed', FAKE_CHILD_ALLOC_MB: '10', FAKE_PID_FILE: pidFile })]);
    const out = path.join(path.dirname(config), 'results');
    // --seed 1 runs 'done' before 'stuck' (the order of a round is shuffled).
    const args = ['--config', config, '--corpus', TEST_CORPUS, '--no-setup', '--out', out, '--seed', '1'];
    const bench = execa('node', ['--import', 'tsx', path.join(REPO, 'harness/src/cli/bench.ts'), ...args], {
      cwd: REPO,
      env: { CI: '1', QDRANT_URL: qdrant.url },
      reject: false,
    });
    try {
      // Wait until the stuck pipeline and its grandchild are running, then press Ctrl-C.
      for (let i = 0; i < 600 && !(existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim().split('\n').length >= 2); i++) await sleep(100);
      await sleep(300);
      bench.kill(signal);
      const res = await bench;
      expect(res.exitCode).toBe(expectedExit);

      const runDir = path.join(out, readlinkSync(path.join(out, 'latest')));
      const lines = readFileSync(path.join(runDir, 'iterations.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => `${l.pipelineId}:${l.status}`)).toEqual(['done:ok']);
      const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
      expect(summary.status).toBe('interrupted');
      expect(summary.iterations).toHaveLength(1);
      expect(existsSync(path.join(runDir, 'report.html'))).toBe(true);

      const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
      // SIGKILL is delivered asynchronously: give the kernel a moment before looking.
      for (let i = 0; i < 20 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
      expect(pids.filter(isAlive)).toEqual([]);
      // The interrupted iteration's collection was dropped too.
      expect([...qdrant.collections.keys()]).toEqual([]);
    } finally {
      bench.kill('SIGKILL');
      await qdrant.close();
    }
  });
});
