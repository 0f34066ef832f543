/**
 * The thread counts of `--workload threads` (claim 4: does a pipeline put every core to work?):
 * `--thread-counts` or the config's `threadCounts`, else 1 to the cap (`--threads`, the config's
 * `threads`, or the machine's cores). Every count lies in 1..cores (more threads than cores
 * measures oversubscription, not scaling), the list is ascending without repeats and starts at 1
 * (every speed-up is time(1) / time(t)).
 */
import os from 'node:os';
import { ConfigError } from '../errors.js';
import type { SubsetName } from './types.js';

/** Measured runs per pipeline and thread count (1 warmup each): 5, as the scale workload; 3 with --quick. */
export const THREADS_RUNS = { default: { warmup: 1, iterations: 5 }, quick: { warmup: 1, iterations: 3 } } as const;

/** "1,2" -> [1, 2]; throws a ConfigError naming --thread-counts. */
export function parseThreadCounts(text: string): number[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new ConfigError(`--thread-counts needs at least one thread count (comma-separated), got "${text}"`);
  return items.map((item) => {
    if (!/^\d+$/.test(item)) throw new ConfigError(`--thread-counts: "${item}" is not a whole number of threads`);
    return Number(item);
  });
}

/** The counts checked against the machine; `field` names where they came from. */
export function checkThreadCounts(field: string, counts: readonly number[], cores: number): number[] {
  if (counts.length === 0) throw new ConfigError(`${field} is empty: give at least the thread count 1`);
  for (const t of counts) {
    if (!Number.isInteger(t) || t < 1) throw new ConfigError(`${field}: ${t} is not a thread count (an integer >= 1)`);
    if (t > cores) throw new ConfigError(`${field}: ${t} threads exceed this machine's ${cores} cores (the workload measures scaling up to the core count)`);
  }
  for (let i = 1; i < counts.length; i++)
    if (counts[i] <= counts[i - 1]) throw new ConfigError(`${field} must be ascending without repeats, got ${counts.join(',')}`);
  if (counts[0] !== 1) throw new ConfigError(`${field} must start at 1 (every speed-up is time at 1 thread / time at t), got ${counts.join(',')}`);
  return [...counts];
}

/** What `--workload threads` sets in the config: its counts and, unless --iterations/--warmup say otherwise, its runs. */
export function threadsSettings(
  workload: string,
  subset: SubsetName,
  cli: { threadCounts?: number[]; threads?: number; iterations?: number; warmup?: number },
  file: { threadCounts?: number[]; threads?: number | null },
  cores = os.availableParallelism(),
): { threadCounts?: number[]; warmup?: number; iterations?: number } {
  if (workload !== 'threads') {
    if (cli.threadCounts) throw new ConfigError(`--thread-counts sets the thread counts of --workload threads; this run's workload is ${workload}`);
    return {};
  }
  const runs = THREADS_RUNS[subset === 'quick' ? 'quick' : 'default'];
  const cap = cli.threads ?? file.threads ?? cores;
  const [field, given] = cli.threadCounts
    ? ['--thread-counts', cli.threadCounts]
    : file.threadCounts
      ? ['threadCounts (config file)', file.threadCounts]
      : [cli.threads ? '--threads' : file.threads ? 'threads (config file)' : 'the cores', Array.from({ length: Math.max(1, cap) }, (_, i) => i + 1)];
  return {
    threadCounts: checkThreadCounts(field, given, cores),
    warmup: cli.warmup ?? runs.warmup,
    iterations: cli.iterations ?? runs.iterations,
  };
}
