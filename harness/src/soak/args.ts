/**
 * The `soak` command line (commander, as the other CLIs): its own flags, turned into the bench's
 * options with mode stub and the index workload. A bad flag is a ConfigError naming it (exit 2).
 */
import { Command } from 'commander';
import { idList, integerFlag, parseCommand, positiveFlag } from '../config/flags.js';
import type { CliOptions } from '../config/index.js';
import { ConfigError } from '../errors.js';

export interface SoakCli {
  bench: CliOptions;
  /** Iterations per pipeline at the start left out of the slope. */
  skip: number;
  /** KiB per iteration under which growth counts as flat. */
  maxSlopeKiB: number;
}

const DEFAULTS = { iterations: 200, warmup: 1, skip: 20, maxSlopeKiB: 4 };

export function soakCommand(): Command {
  return new Command('soak')
    .description(
      'One bench run of many consecutive stub-mode iterations against the embedded qdrant-local: the harness RSS after each (its slope after --skip rounds, ' +
        'with a 95% Newey-West interval), leaks (child processes, collections, temp dirs, file descriptors, listening ports: before vs after, each must be zero extra), ' +
        'and the store RSS at start, peak and after every collection is dropped (target: within 10% of start; reported, not an exit check). ' +
        'Exit 0 every check passed, 1 a leak, slope or failed-iteration check failed (named), 2 bad input. ' +
        'Length on 2 cores: about 8.5 s a round of the three built-in pipelines (5 rounds measured 53 s; Python alone about 5 s), so 200 rounds about 30 minutes; ' +
        '--pipelines rust,ts: 200 rounds measured 10m41s and 8m16s.',
    )
    .option('--iterations <n>', `measured iterations per pipeline (default ${DEFAULTS.iterations})`, integerFlag('--iterations', 1))
    .option('--warmup <n>', `warmup iterations per pipeline (default ${DEFAULTS.warmup})`, integerFlag('--warmup', 0))
    .option('--skip <n>', `iterations per pipeline at the start left out of the slope (default ${DEFAULTS.skip})`, integerFlag('--skip', 0))
    .option('--max-slope <kib>', `KiB per iteration under which growth counts as flat (default ${DEFAULTS.maxSlopeKiB})`, positiveFlag('--max-slope'))
    .option('--pipelines <ids>', "comma-separated pipeline ids (default: the config's default set)", idList)
    .option('--config <file>', 'bench config file (default: bench.config.json)')
    .option('--corpus <dir>', 'a corpus directory instead of the default one')
    .option('--quick', 'the small corpus subset (40 KB) instead of the default 600 KB')
    .option('--out <dir>', 'results directory (default: results/)')
    .option('--seed <n>', 'seed of the per-round pipeline order', integerFlag('--seed', 0))
    .option('--timeout <seconds>', 'per-iteration limit', positiveFlag('--timeout'))
    .option('--no-setup', 'skip set-up (building pipelines, corpus); use what is there')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

interface RawOptions extends CliOptions {
  skip?: number;
  maxSlope?: number;
}

/** Parses argv (without node and script); null after --help. */
export function parseSoakArgs(argv: string[]): SoakCli | null {
  const cmd = soakCommand();
  if (!parseCommand(cmd, argv)) return null;
  const { skip = DEFAULTS.skip, maxSlope = DEFAULTS.maxSlopeKiB, ...bench } = cmd.opts<RawOptions>();
  const iterations = bench.iterations ?? DEFAULTS.iterations;
  const warmup = bench.warmup ?? DEFAULTS.warmup;
  // the slope needs 5 readings; with one pipeline, a round is one reading
  if (warmup + iterations - skip < 5) {
    throw new ConfigError(
      `--skip ${skip} leaves ${Math.max(0, warmup + iterations - skip)} of ${warmup + iterations} rounds for the slope; it needs at least 5 (lower --skip or raise --iterations)`,
    );
  }
  return { bench: { ...bench, iterations, warmup, mode: 'stub', workload: 'index' }, skip, maxSlopeKiB: maxSlope };
}
