/**
 * Same-machine mode from a git ref, end to end: a throwaway git repository whose pipeline (a
 * wrapper around the fake pipeline, a test double) got 30% slower in its last commit. The
 * gate builds the previous commit in a git worktree, runs both interleaved in one bench run,
 * and flags the slowdown; against HEAD itself (A/A) it passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineWorktreeDir } from '../src/gate/baseline-checkout.js';
import { checkAgainstRef } from '../src/gate/index.js';
import { resolveConfig } from '../src/config/index.js';
import { parseBenchArgs } from '../src/config/cli.js';
import { runBench } from '../src/run/bench.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { STAGE_MS } from './fixtures/gate-scenarios.js';
import { FAKE_PIPELINE, TEST_CORPUS } from './helpers.js';

const repo = mkdtempSync(path.join(tmpdir(), 'gate-ref-'));
const git = (...args: string[]) => execa('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: repo });
let qdrant: Awaited<ReturnType<typeof startFakeQdrant>>;

async function check(ref: string) {
  const config = resolveConfig(
    parseBenchArgs(['--config', path.join(repo, 'bench.config.json'), '--corpus', TEST_CORPUS, '--no-setup', '--out', path.join(repo, 'results')])!,
  );
  const store = { kind: 'external' as const, name: 'fake-qdrant', version: 'double', restUrl: qdrant.url, grpcUrl: qdrant.url, stop: async () => {} };
  return checkAgainstRef(ref, config, runBench, { store, reports: false }, {}, () => {});
}

beforeAll(async () => {
  qdrant = await startFakeQdrant();
  // the pipeline reads its speed from a file of the checkout it lives in
  writeFileSync(
    path.join(repo, 'pipeline.mjs'),
    `import { readFileSync } from 'node:fs';\nprocess.env.FAKE_SPEED = readFileSync(new URL('./speed.txt', import.meta.url), 'utf8').trim();\nawait import(${JSON.stringify(FAKE_PIPELINE)});\n`,
  );
  writeFileSync(
    path.join(repo, 'bench.config.json'),
    JSON.stringify({
      pipelines: [
        { id: 'fake', name: 'Fake pipeline', command: ['node', 'pipeline.mjs'], env: { FAKE_PIPELINE_ID: 'fake', FAKE_STAGE_MS: JSON.stringify(STAGE_MS) } },
      ],
      mode: 'stub',
      warmup: 0,
      iterations: 6,
    }),
  );
  writeFileSync(path.join(repo, '.gitignore'), 'results/\n.cache/\n');
  writeFileSync(path.join(repo, 'speed.txt'), '1\n');
  await git('init', '-q');
  await git('add', '.');
  await git('commit', '-qm', 'fast');
  writeFileSync(path.join(repo, 'speed.txt'), String(1 / 1.3));
  await git('commit', '-qam', 'slower');
});

afterAll(async () => {
  await qdrant?.close();
  // the worktrees live in the user's cache dir, one dir per checkout
  rmSync(path.dirname(baselineWorktreeDir(repo, 'any')), { recursive: true, force: true });
});

describe('bench:check --baseline-ref', () => {
  it('flags the commit that made the pipeline 30% slower', async () => {
    const { gate: report, run } = await check('HEAD~1');
    expect(run.summary.pipelines.map((p) => p.id)).toEqual(['fake-baseline', 'fake']);
    expect(run.summary.pipelines[0].command[1]).toBe(path.join(baselineWorktreeDir(repo, (await git('rev-parse', 'HEAD~1')).stdout), 'pipeline.mjs'));
    expect(report.mode).toBe('same-machine');
    // every stage 1.3x as long: flagged on a gated metric (embed throughput at least; end to end carries node's start-up noise too)
    expect(
      report.verdicts.filter((v) => v.verdict === 'regression').map((v) => v.metric),
      JSON.stringify(report.verdicts.map((v) => v.note)),
    ).toContain('throughput:embed');
    expect(report.diagnostics.find((v) => v.metric === 'stage:embed')!.ratio.value).toBeGreaterThan(1.2);
    expect(report.exitCode).toBe(1);
  });

  it('against HEAD itself (no change): no regression', async () => {
    const { gate: report } = await check('HEAD');
    expect(report.regressions).toBe(0);
    expect(report.verdicts.find((v) => v.metric === 'wall')!.verdict).toBe('unchanged');
  });

  it('an unknown ref: a clear message', async () => {
    await expect(check('no-such-ref')).rejects.toThrow(/--baseline-ref no-such-ref: not a commit in this repository/);
  });
});
