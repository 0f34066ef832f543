import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../src/config/index.js';
import { parseBenchArgs } from '../src/config/cli.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

describe('bench config + CLI flags -> BenchConfig', () => {
  it('merges defaults, file and flags; exactly one reference pipeline', () => {
    const file = writeTestConfig([fakePipeline('a'), fakePipeline('b', {}, { reference: true })], { iterations: 4 });
    const cfg = resolveConfig(parseBenchArgs(['--config', file, '--threads', '3', '--pipelines', 'b,a'])!);
    expect(cfg.pipelines.map((p) => [p.id, p.reference])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(cfg.threads).toBe(3);
    expect(cfg.iterations).toBe(4);
    expect(cfg.chunkSize).toBe(1000);
    expect(cfg.separators).toEqual(['\n\n', '\n', ' ', '']);
    expect(cfg.check.thresholds).toEqual({ time: 0.1, memory: 0.1, throughput: 0.1 });
  });

  it('--quick and --full pick the documented subsets', () => {
    const file = writeTestConfig([fakePipeline('a')]);
    expect(resolveConfig(parseBenchArgs(['--config', file, '--quick'])!).corpus).toMatchObject({ subset: 'quick', budgetBytes: 40_000 });
    expect(resolveConfig(parseBenchArgs(['--config', file, '--full'])!).corpus).toMatchObject({ subset: 'full', budgetBytes: null });
    expect(resolveConfig(parseBenchArgs(['--config', file])!).corpus.budgetBytes).toBe(600_000);
  });

  it('rejects bad values with specific messages', () => {
    const file = writeTestConfig([fakePipeline('a')]);
    expect(() => parseBenchArgs(['--iterations', '0'])).toThrow(/--iterations must be an integer >= 1, got "0"/);
    expect(() => parseBenchArgs(['--mode', 'turbo'])).toThrow(ConfigError);
    expect(() => parseBenchArgs(['--bogus'])).toThrow(/unknown option '--bogus'/);
    expect(() => resolveConfig(parseBenchArgs(['--config', file, '--pipelines', 'zz'])!)).toThrow(/unknown pipeline id\(s\) zz/);
    expect(() => resolveConfig(parseBenchArgs(['--config', file, '--quick', '--full'])!)).toThrow(/exclude each other/);
    const bad = writeTestConfig([fakePipeline('a')], { chunkSize: 'big', check: { thresholds: { time: -1 } } });
    expect(() => resolveConfig({ config: bad })).toThrow(/chunkSize must be integer[\s\S]*check\.thresholds\.time must be > 0/);
    const overlap = writeTestConfig([fakePipeline('a')], { chunkSize: 100, chunkOverlap: 100 });
    expect(() => resolveConfig({ config: overlap })).toThrow(/chunkOverlap \(100\) must be smaller than chunkSize \(100\)/);
    const override = writeTestConfig([fakePipeline('a')], { check: { overrides: [{ pipeline: 'nope', metric: 'wall', threshold: 0.2 }] } });
    expect(() => resolveConfig({ config: override })).toThrow(/check.overrides.0.pipeline: unknown pipeline "nope"/);
  });

  it('the CLI exits 2 with the message for an invalid option and an invalid config', async () => {
    const badFlag = await runBenchCli(['--warmup', '-1']);
    expect(badFlag.exitCode).toBe(2);
    expect(badFlag.stderr).toMatch(/--warmup must be an integer >= 0/);
    const badFile = writeTestConfig([{ id: 'a', name: 'A' }]);
    const res = await runBenchCli(['--config', badFile, '--no-setup']);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/pipelines\.0 must have required property 'command'/);
  });

  it('a corpus directory that does not exist: exit 2, named', async () => {
    const file = writeTestConfig([fakePipeline('a')]);
    const res = await runBenchCli(['--config', file, '--no-setup', '--corpus', '/nonexistent/corpus']);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/corpus directory not found: \/nonexistent\/corpus/);
  });
});
