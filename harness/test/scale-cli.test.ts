/**
 * `--workload scale` and `--sizes` up to the run: the defaults (sizes, 5 measured runs per
 * size), the size list's syntax, and bad input with a message naming the cause and exit 2,
 * in-process and through the real `npm run bench` process (no pipeline starts).
 */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { DEFAULT_SCALE_SIZES, parseSizeList, QUICK_SCALE_SIZES, SCALE_ITERATIONS } from '../src/config/scale-sizes.js';
import { fakePipeline, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';

const resolve = (file: string, ...flags: string[]) => resolveConfig(parseBenchArgs(['--config', file, ...flags])!);

describe('--workload scale: the options', () => {
  it('defaults: four sizes (three with --quick), 5 measured runs per size', () => {
    const file = writeTestConfig([fakePipeline('a')], { mode: 'full', iterations: 6 });
    const c = resolve(file, '--workload', 'scale');
    expect(c.workload).toBe('scale');
    expect(c.scaleSizes).toEqual(DEFAULT_SCALE_SIZES);
    expect(c.iterations).toBe(SCALE_ITERATIONS);
    expect(resolve(file, '--workload', 'scale', '--quick').scaleSizes).toEqual(QUICK_SCALE_SIZES);
    expect(resolve(file, '--workload', 'scale', '--iterations', '7').iterations).toBe(7);
    expect(resolve(file).scaleSizes).toBeUndefined();
  });

  it('reads bytes, k, M and all', () => {
    expect(parseSizeList('500,16k,1.6M,ALL')).toEqual([500, 16_000, 1_600_000, 'all']);
    expect(resolve(writeTestConfig([fakePipeline('a')]), '--workload', 'scale', '--sizes', '2k,all').scaleSizes).toEqual([2000, 'all']);
  });

  it('refuses a bad size list naming the bad item', () => {
    expect(() => parseBenchArgs(['--workload', 'scale', '--sizes', '16k,abc'])).toThrow(/--sizes: "abc" is not a corpus size/);
    expect(() => parseBenchArgs(['--workload', 'scale', '--sizes', '16k,-5k'])).toThrow(/"-5k" is not a corpus size/);
    expect(() => parseBenchArgs(['--workload', 'scale', '--sizes', '16k,0'])).toThrow(/"0" is not a corpus size/);
    expect(() => parseBenchArgs(['--workload', 'scale', '--sizes', '16k,16000'])).toThrow(/16000 is given twice/);
    expect(() => parseBenchArgs(['--workload', 'scale', '--sizes', 'all'])).toThrow(/at least two corpus sizes/);
    expect(() => resolve(writeTestConfig([fakePipeline('a')]), '--sizes', '2k,all')).toThrow(
      /--sizes sets the corpus sizes of --workload scale; this run's workload is index/,
    );
  });

  it('the CLI exits 2 naming the bad size, --sizes without scale, and sizes this corpus cannot tell apart', async () => {
    const bad = await runBenchCli(['--workload', 'scale', '--sizes', '10k,ten', '--no-setup']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/bench: option '--sizes <list>' argument '10k,ten' is invalid\. --sizes: "ten" is not a corpus size/);
    const stray = await runBenchCli(['--sizes', '10k,all', '--no-setup']);
    expect(stray.exitCode).toBe(2);
    expect(stray.stderr).toMatch(/--sizes sets the corpus sizes of --workload scale/);
    // the test corpus is 6 KB: 7k and all (600 KB) select the same 9 files
    const config = writeTestConfig([fakePipeline('a')]);
    const same = await runBenchCli(['--config', config, '--workload', 'scale', '--sizes', '7k,all', '--corpus', TEST_CORPUS, '--no-setup']);
    expect(same.exitCode).toBe(2);
    expect(same.stderr).toMatch(/every size selects the same 9 files/);
    expect(same.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});
