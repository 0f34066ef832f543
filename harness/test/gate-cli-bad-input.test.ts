/**
 * `npm run bench:check` as a real process on bad or incomparable input: a clear message and
 * exit 2 (never a pass); a regression gives exit 1 with the table in $GITHUB_STEP_SUMMARY.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { syntheticRun } from './fixtures/synthetic-run.js';
import { REPO } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'check-cli-'));
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};
const check = (args: string[], env: Record<string, string> = {}) =>
  execa(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'harness/src/cli/check.ts'), '--results', path.join(dir, 'no-results'), ...args], { reject: false, env, cwd: REPO });

let baseline: string;
let same: string;
beforeAll(() => {
  const pipes = [{ id: 'py', name: 'Python' }, { id: 'rs', name: 'Rust' }];
  baseline = file('baseline.json', summarize(syntheticRun(pipes, 1, 'base-run')));
  same = file('same.json', summarize(syntheticRun(pipes, 2, 'same-run')));
});

describe('bench:check on bad input', () => {
  it('no baseline at all: exit 2, says so', async () => {
    const r = await check([]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no baseline given/);
  });

  it('a truncated baseline: exit 2, names the file and says it is not valid JSON', async () => {
    const text = readFileSync(baseline, 'utf8');
    const truncated = file('truncated.json', text.slice(0, Math.floor(text.length / 2)));
    const r = await check(['--baseline', truncated, '--candidate', same]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${truncated}: is not valid JSON (truncated or corrupted?)`);
  });

  it('malformed baselines: exit 2, naming what is wrong', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['', /is empty/],
      [[1, 2], /the top level must be an object/],
      [{ schemaVersion: 7 }, /schemaVersion must be 2, found 7/],
      [{ ...JSON.parse(readFileSync(baseline, 'utf8')), settings: undefined }, /settings \(the workload\) is missing/],
      [{ ...JSON.parse(readFileSync(baseline, 'utf8')), summaries: [{ pipelineId: 'py', metrics: { wall: { samples: ['x'] } } }] }, /summaries\[0\]\.metrics\.wall\.samples must be an array of numbers/],
    ];
    for (const [i, [content, message]] of cases.entries()) {
      const r = await check(['--baseline', file(`bad-${i}.json`, content), '--candidate', same]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('a missing baseline file or a directory without summary.json: exit 2', async () => {
    expect((await check(['--baseline', path.join(dir, 'nope.json'), '--candidate', same])).stderr).toMatch(/no such file or directory/);
    const r = await check(['--baseline', dir, '--candidate', same]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/a directory without summary.json/);
  });

  it('mismatched workloads: exit 2, naming each differing field, even with --allow-different-env', async () => {
    const other = summarize(syntheticRun([{ id: 'py' }], 3, 'other'));
    other.settings = { ...other.settings, chunkSize: 500, embedBatchSize: 16 };
    const f = file('other-workload.json', other);
    for (const extra of [[], ['--allow-different-env']]) {
      const r = await check(['--baseline', baseline, '--candidate', f, ...extra]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('different workload: chunkSize: baseline 1000, candidate 500');
      expect(r.stderr).toContain('different workload: embedBatchSize: baseline 32, candidate 16');
    }
  });

  it('another machine: exit 2 naming the fields; --allow-different-env compares anyway', async () => {
    const other = summarize(syntheticRun([{ id: 'py', name: 'Python' }, { id: 'rs', name: 'Rust' }], 4, 'elsewhere'));
    other.environment = { ...other.environment, fingerprint: 'fp-other', cpuModel: 'Other CPU', cpuCount: 8 };
    const f = file('other-machine.json', other);
    const refused = await check(['--baseline', baseline, '--candidate', f]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/different machine: environment.cpuModel: baseline Test CPU @ 2.0GHz, candidate Other CPU/);
    expect(refused.stderr).toMatch(/environment.cpuCount: baseline 2, candidate 8/);
    const allowed = await check(['--baseline', baseline, '--candidate', f, '--allow-different-env']);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toMatch(/compared across machines/);
  });

  it('too few samples: exit 2, no verdict, never a pass', async () => {
    const few = file('few.json', summarize(syntheticRun([{ id: 'py', name: 'Python', measured: 3 }, { id: 'rs', name: 'Rust', measured: 3 }], 5, 'few')));
    const r = await check(['--baseline', baseline, '--candidate', few]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/NO VERDICT/);
    expect(r.stdout).toMatch(/too few samples/);
  });

  it('a regression: exit 1, the table in $GITHUB_STEP_SUMMARY and the JSON verdict written', async () => {
    const slow = file('slow.json', summarize(syntheticRun([{ id: 'py', name: 'Python', stages: { startup: 100, model_load: 200, read: 20, chunk: 30, embed: 1400, upsert: 150 } }, { id: 'rs', name: 'Rust' }], 6, 'slow')));
    const stepSummary = file('step-summary.md', '');
    const json = path.join(dir, 'verdict.json');
    const r = await check(['--baseline', baseline, '--candidate', slow, '--json', json], { GITHUB_STEP_SUMMARY: stepSummary });
    expect(r.exitCode).toBe(1);
    const md = readFileSync(stepSummary, 'utf8');
    expect(md).toMatch(/Regression gate: FAIL: 3 regression/);
    expect(md).toMatch(/\| Python \| end to end \(lower is better\) \|.*🔴 regression/);
    const verdict = JSON.parse(readFileSync(json, 'utf8'));
    expect(verdict.exitCode).toBe(1);
    expect(verdict.verdicts.filter((v: { verdict: string }) => v.verdict === 'regression').map((v: { metric: string }) => v.metric)).toEqual(['wall', 'stage:embed', 'throughput:embed']);
  });

  it('--save-baseline writes a baseline that compares cleanly (A/A): exit 0', async () => {
    const saved = path.join(dir, 'saved-baseline.json');
    const w = await check(['--save-baseline', saved, '--candidate', baseline]);
    expect(w.exitCode).toBe(0);
    expect(existsSync(saved)).toBe(true);
    const data = JSON.parse(readFileSync(saved, 'utf8'));
    expect(data.iterations.every((it: { resources: { rssTimeline: unknown[] } | null }) => !it.resources || it.resources.rssTimeline.length === 0)).toBe(true);
    const r = await check(['--baseline', saved, '--candidate', same]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS: no regression in 18 metric\(s\) of 2 pipeline\(s\)/);
  });

  it('an unknown option: exit 2', async () => {
    const r = await check(['--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown option\(s\) --frobnicate/);
  });
});
