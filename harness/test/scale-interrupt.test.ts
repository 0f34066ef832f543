/**
 * Ctrl-C during a scale run keeps every finished size: the fake pipelines (test doubles, 300 ms
 * per stage) and the fake Qdrant (a double) run three sizes of the test corpus; SIGINT goes
 * out once the first size's results are written. The scale run's summary.json and reports then
 * hold that size (status interrupted, exit 130); the stopped size keeps its own directory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/types.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { fakePipeline, REPO, TEST_CORPUS, writeTestConfig } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGINT during a scale run', () => {
  it('keeps the finished sizes in summary.json and the reports, exit 130', async () => {
    const qdrant = await startFakeQdrant();
    const slow = { FAKE_STAGE_MS: '300' };
    const config = writeTestConfig([fakePipeline('a', slow), fakePipeline('b', slow)], { iterations: 1 });
    const out = path.join(path.dirname(config), 'results');
    const args = ['--config', config, '--corpus', TEST_CORPUS, '--no-setup', '--out', out, '--workload', 'scale', '--sizes', '600,2k,all', '--iterations', '2'];
    const bench = execa('node', ['--import', 'tsx', path.join(REPO, 'harness/src/cli/bench.ts'), ...args], {
      cwd: REPO,
      env: { CI: '1', QDRANT_URL: qdrant.url },
      reject: false,
    });
    try {
      const latest = path.join(out, 'latest', 'summary.json');
      for (let i = 0; i < 600 && !existsSync(latest); i++) await sleep(50);
      bench.kill('SIGINT');
      const res = await bench;
      expect(res.exitCode, res.stderr.slice(-2000)).toBe(130);
      const summary: RunSummary = JSON.parse(readFileSync(latest, 'utf8'));
      expect(summary.workload).toBe('scale');
      expect(summary.status).toBe('interrupted');
      expect(summary.scale!.sizes.map((s) => s.files)).toEqual([1]);
      expect(summary.scale!.points.filter((p) => p.pipelineId === 'a')).toHaveLength(2);
      expect(readFileSync(path.join(out, 'latest', 'report.md'), 'utf8')).toContain('End to end as the corpus grows');
      // the size it stopped in keeps its finished iterations in its own directory
      expect(readdirSync(path.join(out, 'latest', 'sizes')).filter((d) => d !== 'latest')).toHaveLength(2);
    } finally {
      bench.kill('SIGKILL');
      await qdrant.close();
    }
  }, 120_000);
});
