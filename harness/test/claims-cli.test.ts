/**
 * `--claims` up to the run: which workloads it plans with which settings (the command line's
 * flags applied to each; --quick measures two scale sizes), `--help` stating its time budget,
 * and the flags it cannot be combined with, refused with a message naming them and exit 2
 * (in-process and through the real `npm run bench` process; no pipeline starts).
 */
import { describe, expect, it } from 'vitest';
import { benchCommand, parseBenchArgs } from '../src/config/cli.js';
import { DEFAULT_SCALE_SIZES } from '../src/config/scale-sizes.js';
import { CLAIMS_QUICK_SCALE_SIZES, claimsParts } from '../src/run/claims-plan.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const plan = (...flags: string[]) => claimsParts(parseBenchArgs(['--config', writeTestConfig([fakePipeline('a')], { mode: 'full' }), '--claims', ...flags])!);

describe('--claims: the plan', () => {
  it('runs overhead then scale with the flags given; --quick measures two scale sizes', () => {
    const full = plan();
    expect(full.map((p) => [p.workload, p.config.workload])).toEqual([
      ['overhead', 'overhead'],
      ['scale', 'scale'],
      ['threads', 'threads'],
    ]);
    expect(full[1].config.scaleSizes).toEqual(DEFAULT_SCALE_SIZES);
    const quick = plan('--quick', '--iterations', '3');
    expect(quick[1].config.scaleSizes).toEqual(CLAIMS_QUICK_SCALE_SIZES);
    expect(quick.map((p) => [p.config.corpus.subset, p.config.iterations])).toEqual([
      ['quick', 3],
      ['quick', 3],
      ['quick', 3],
    ]);
    expect(plan('--sizes', '1k,all')[1].config.scaleSizes).toEqual([1000, 'all']);
  });

  it('--help states the time budget of the full and the quick run', () => {
    const help = benchCommand().helpInformation().replace(/\s+/g, ' '); // commander wraps the text
    expect(help).toMatch(/--claims .*about \d+(-\d+)? minutes .*with --quick about \d+(-\d+)? minutes/);
    expect(help).toMatch(/--claims .*an estimate/);
  });

  it('refuses --workload, --compare and --mode stub beside it, naming them', () => {
    expect(() => plan('--workload', 'index')).toThrow(
      /--claims runs every workload the claims table needs \(overhead, scale, memory, threads, query\); leave out --workload index/,
    );
    expect(() => plan('--compare', 'x')).toThrow(/--compare .* cannot be combined with --claims/);
    expect(() => plan('--mode', 'stub')).toThrow(/--claims measures the model .*: leave out --mode stub/);
  });

  it('the CLI exits 2 with the message, before any pipeline starts', async () => {
    const r = await runBenchCli(['--claims', '--workload', 'scale', '--no-setup']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bench: --claims runs every workload .* leave out --workload scale/);
  }, 60_000);
});
