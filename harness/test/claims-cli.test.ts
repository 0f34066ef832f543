/**
 * `--claims` up to the run: which workloads it plans with which settings (the command line's
 * flags applied to each, with the claims run's own settings; --quick has no scale part), `--help` stating its time budget,
 * and the flags it cannot be combined with, refused with a message naming them and exit 2
 * (in-process and through the real `npm run bench` process; no pipeline starts).
 */
import { describe, expect, it } from 'vitest';
import { benchCommand, parseBenchArgs } from '../src/config/cli.js';
import { CLAIMS_SETTINGS, claimsParts } from '../src/run/claims-plan.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const plan = (...flags: string[]) => claimsParts(parseBenchArgs(['--config', writeTestConfig([fakePipeline('a')], { mode: 'full' }), '--claims', ...flags])!);

describe('--claims: the plan', () => {
  it('runs overhead, scale, then threads with the flags given; --quick has no scale part', () => {
    const full = plan();
    expect(full.map((p) => [p.workload, p.config.workload])).toEqual([
      ['overhead', 'overhead'],
      ['scale', 'scale'],
      ['threads', 'threads'],
    ]);
    const quick = plan('--quick', '--iterations', '3');
    expect(quick.map((p) => [p.workload, p.config.corpus.subset, p.config.iterations])).toEqual([
      ['overhead', 'quick', 3],
      ['threads', 'quick', 3],
    ]);
    expect(plan('--quick', '--sizes', '2k,12k')[1].config.scaleSizes).toEqual([2000, 12000]);
    expect(plan('--sizes', '1k,all')[1].config.scaleSizes).toEqual([1000, 'all']);
  });

  it("gives each part the claims run's settings, none below its analysis's minimum runs", () => {
    const [overhead, scale, threads] = plan();
    expect([overhead.config.corpus.budgetBytes, CLAIMS_SETTINGS.overheadBytes]).toEqual([300_000, 300_000]);
    expect([scale.config.scaleSizes, scale.config.iterations]).toEqual([[16_000, 200_000], 5]); // 5 vs 5: the fewest with a 95% ratio interval at alpha/2
    expect([threads.config.corpus.budgetBytes, threads.config.iterations]).toEqual([40_000, 5]);
    // --full and --quick keep each workload's own corpus; --iterations wins over the part's runs
    expect(plan('--full').map((p) => p.config.corpus.budgetBytes)).toEqual([null, null, null]);
    expect(plan('--quick')[0].config.corpus.budgetBytes).toBe(40_000);
    expect(plan('--iterations', '7')[1].config.iterations).toBe(7);
  });

  it('--help states the time budget of the full and the quick run', () => {
    const help = benchCommand().helpInformation().replace(/\s+/g, ' '); // commander wraps the text
    expect(help).toMatch(/--claims .*about \d+(-\d+)? minutes .*with --quick measured \d+m\d+s on 2 cores at load [\d.]+-[\d.]+/);
    expect(help).toMatch(/--claims .*an estimate/);
  });

  it('refuses --workload, --compare and --mode stub beside it, naming them', () => {
    expect(() => plan('--workload', 'index')).toThrow(
      /--claims runs every workload the claims table needs \(overhead, scale, tokenize, memory, threads, query\); leave out --workload index/,
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
