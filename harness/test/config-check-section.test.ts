/**
 * The `check` section of bench.config.json: one type, one defaults table, one validator, used
 * the same by `npm run bench` and `npm run bench:check`. Every documented key is accepted; a
 * bad value is a clear message and exit 2, never a stack trace.
 */
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_CONFIG } from '../src/config/check.js';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { fakePipeline, REPO, writeTestConfig } from './helpers.js';

const config = (check: unknown) => writeTestConfig([fakePipeline('a'), fakePipeline('b')], { check });
const resolve = (file: string) => resolveConfig(parseBenchArgs(['--config', file])!);
const gate = (file: string) =>
  execa(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'harness/src/cli/check.ts'), '--config', file, '--baseline', file], { reject: false, cwd: REPO });

describe('the check section', () => {
  it('takes every documented key: minSamples, minDelta, an override for every pipeline', () => {
    const cfg = resolve(config({ minSamples: 8, minDelta: { time: 20 }, overrides: [{ metric: 'stage:startup', threshold: 0.5 }, { pipeline: 'b', threshold: 0.3 }] }));
    expect(cfg.check.minSamples).toBe(8);
    expect(cfg.check.minDelta).toEqual({ ...DEFAULT_CHECK_CONFIG.minDelta, time: 20 });
    expect(cfg.check.overrides).toEqual([{ metric: 'stage:startup', threshold: 0.5 }, { pipeline: 'b', threshold: 0.3 }]);
  });

  it('without a section, the defaults table', () => {
    expect(resolve(config(undefined)).check).toEqual(DEFAULT_CHECK_CONFIG);
  });

  it('names an override metric that does not exist', () => {
    expect(() => resolve(config({ overrides: [{ metric: 'stage:embedding', threshold: 0.2 }] }))).toThrow(/check\.overrides\.0\.metric: unknown metric "stage:embedding"/);
  });

  it('a threshold of 10 (meaning 10%?): exit 2 with the key and what a threshold is, no stack trace', async () => {
    const r = await gate(config({ thresholds: { time: 10 } }));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/check\.thresholds\.time must be < 10 \(a relative change as a fraction: 0\.1 = 10%\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bench:check accepts minSamples (it used to be documented but rejected)', async () => {
    const r = await gate(config({ minSamples: 3 }));
    // the config is fine; what fails is the baseline path, which is a config, not a summary
    expect(r.stderr).not.toMatch(/minSamples/);
    expect(r.stderr).toMatch(/not a bench summary/);
  });
});
