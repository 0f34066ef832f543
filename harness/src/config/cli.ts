import { Command, InvalidArgumentError, Option } from 'commander';
import { WORKLOADS } from '../overhead-types.js';
import type { ScaleSizeSpec } from '../scale-types.js';
import { idList, integerFlag, parseCommand, positiveFlag } from './flags.js';
import type { CliOptions } from './index.js';
import { parseSizeList } from './scale-sizes.js';
import { parseThreadCounts } from './threads.js';
import { parseByteSize } from './tokenize.js';

/** How long a run takes on 2 cores with the three built-in pipelines (measured; harness/README.md). */
const RUN_LENGTH = {
  default: 'about 15 minutes on 2 idle cores (measured: 15m05s for the three pipelines, plus set-up when a build is due)',
  quick: 'about 3-4 minutes on 2 idle cores (estimated)',
  scale: 'about 30 minutes on 2 idle cores (estimated from the index run: 16 rounds of the three pipelines, most at the larger sizes)',
  scaleQuick: 'about 9 minutes on 2 cores (measured: 8m41s for the three pipelines, 1 warmup + 3 x 5 rounds, on 2 cores shared with a cargo build)',
  tokenize:
    'about 5 hours on 2 shared cores (not measured: 20x the quick run, whose passes over 50 MB took 70-145 s per process); --tokenize-bytes 200M cuts it to about an hour',
  tokenizeQuick: 'about 15 minutes (measured: 14m49s for the three pipelines, 3 rounds of 50 MB, on 2 cores shared with cargo builds and tests)',
  query:
    'measured 5m48s for the three pipelines on 2 cores shared with cargo builds: the 600 KB subset indexed once (95 s), then 1 warmup + 5 measured processes per pipeline, each one model load and 3 passes x 40 texts x 3 levels of timed queries',
  queryQuick:
    'measured 3m11s for the three pipelines on 2 cores at load 5 beside cargo builds, 105 s of it the Rust pipeline indexing the 600 KB subset (788 chunks) once, then 3 processes per pipeline of 1 pass of 40 texts per level',
  threads:
    "about 30 minutes on 2 cores (estimated, not measured: 36 processes of the 600 KB subset, twice the default index run's 21 less its 6th round), plus its query part, about 5-6 minutes (estimated: the subset indexed once, then 5 query processes per pipeline and count, about 10 s each)",
  threadsQuick:
    'measured 5m52s for the three pipelines on 2 cores at load 7-9 (other builds and tests running): 1 warmup + 3 measured runs per pipeline and count of the 40 KB subset, 24 processes; its query part since adds about 3 minutes (estimated, not measured: 18 query processes of 1 pass, about 10 s each)',
  memory:
    'about 40 minutes for the three pipelines at the default 5 copies of the 600 KB subset (estimated, 4x the text of a measured run: 3 copies of 242 kB, 31 passes a process, took 10m16s at load 5-7); with --quick (2 copies of 150 kB, 13 passes) measured 3m25s for the three',
  claims:
    'about 27 minutes (measured 27m08s on 2 idle cores, 2026-12-03 12:13 UTC, AMD EPYC Zen 4, nothing else running; on another machine an estimate): ' +
    'overhead on the 300 KB subset, 1 warmup + 6 runs per mode, 7m41s; scale at 16k and 200k, 5 runs each, 5m12s; tokenize on 20 MB, 3 runs, 2m59s; ' +
    'memory 2 copies of the 300 KB subset, 1m57s; threads on the 40 KB subset, 1 warmup + 5 runs per count, with its query part (5 processes per count), 5m54s; query 3m19s',
  claimsQuick:
    "measured 18m54s on 2 cores at load 4.6-8.8 (shared with other helpers' runs and a CI run; 2026-12-03 07:27 UTC): overhead 4m35s, tokenize on 5 MB 1m37s, memory 4m37s, " +
    "threads 5m10s, query 2m48s, no scale part (claim 1 reads the overhead part's 40 KB runs); the 8-minute aim holds only on idle cores, where each part ran 2-3x faster (an estimate: 7-10 minutes); the threads part's query part, added since, about 3 more (estimated)",
};

/** --workload's help: every job with its claim and its measured length. */
const WORKLOAD_HELP =
  'the job: index (embed and index the corpus; the default), overhead (the index job in stub mode beside full mode for every pipeline: inference vs everything else, claim 2; twice the runs) ' +
  `, scale (the index job at several corpus sizes, see --sizes: fixed + per-chunk cost fitted per pipeline, crossovers, claim 1 per size; ${RUN_LENGTH.scale}, with --quick ${RUN_LENGTH.scaleQuick}) ` +
  `, query (the corpus indexed once, then each pipeline of the config's set "query" embeds and searches 40 questions at concurrency 1, 4 and 16: latency p50/p99, queries/s, cold first query, scaling, claim 4; the texts and levels are bench.config.json's "query" section; ${RUN_LENGTH.query}, with --quick ${RUN_LENGTH.queryQuick}) ` +
  `, threads (the index job at 1, 2, ... up to the cores, see --thread-counts: speed-up and efficiency per pipeline, claim 4; then the query job at each count for the pipelines of the set "query", at the query section's highest concurrency: queries/s speed-up and efficiency; ${RUN_LENGTH.threads}, with --quick ${RUN_LENGTH.threadsQuick}) ` +
  `, memory (one process per pipeline indexes the corpus many times over, bench.config.json's memory.repeat, with per-pass batch events: RSS slope after warm-up, pass latency p50/p99/max, claim 5; ${RUN_LENGTH.memory}) or tokenize (the tokenizer alone on the corpus grown to --tokenize-bytes, batched and one text at a time, in the pipelines of the config's set "tokenize": s/GB and MB/s per core, claim 3; ${RUN_LENGTH.tokenize}, with --quick ${RUN_LENGTH.tokenizeQuick})`;

/** The flags of `bench`: the config's options and --claims, which runs several workloads (run/claims-plan.ts). */
export type BenchCliOptions = CliOptions & { claims?: boolean };

function sizeList(value: string): ScaleSizeSpec[] {
  try {
    return parseSizeList(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function byteSize(value: string): number {
  try {
    return parseByteSize('--tokenize-bytes', value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function threadCountList(value: string): number[] {
  try {
    return parseThreadCounts(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** The `bench` command line. */
export function benchCommand(): Command {
  return new Command('bench')
    .description(
      'Run the embed-and-index pipelines against one Qdrant, measure them, verify they did the same work, and write the reports.\n' +
        `A default run (600 KB subset, 1 warmup + 6 measured runs per pipeline): ${RUN_LENGTH.default}.`,
    )
    .option('--config <file>', 'bench config file (default: bench.config.json at the repo root)')
    .option('--pipelines <ids>', 'comma-separated pipeline ids to run, in this order (default: the default set)', idList)
    .option('--set <name>', 'run a named set of pipelines from the config ("sets"); "all" is every configured pipeline')
    .option('--matrix', 'run the language x engine matrix (the set "matrix"): every variant, and the report shows what the language and the engine cost')
    .option(
      '--iterations <n>',
      'measured runs per pipeline (default 6: the fewest at which a ratio can be significant and the gate can judge)',
      integerFlag('--iterations', 1),
    )
    .option('--warmup <n>', 'warmup runs per pipeline, not counted (the first is the first run, reported apart; default 1)', integerFlag('--warmup', 0))
    .option('--quick', `small fixed corpus subset (40 KB budget), 1 warmup + 6 iterations: ${RUN_LENGTH.quick}`)
    .option('--full', 'the whole corpus (long)')
    .option('--corpus <dir>', 'a directory of text/markdown/rst files instead of the default corpus')
    .option('--model <dir>', 'a sentence-transformers model directory (default: the one set-up provides)')
    .option('--threads <n>', 'compute threads of every pipeline (default: all cores)', integerFlag('--threads', 1))
    .addOption(new Option('--mode <mode>', 'full: the real model; stub: hash embedding, no model').choices(['full', 'stub']))
    .addOption(new Option('--workload <name>', WORKLOAD_HELP).choices([...WORKLOADS]))
    .option(
      '--sizes <list>',
      "--workload scale: comma-separated corpus sizes as byte budgets of the subset rule (16000, 16k, 1.6M) or all (the run's subset); " +
        'default 16k,80k,400k,all (about 15, 100, 500 and 750 chunks), with --quick 2k,12k,70k (about 2, 12 and 85). Add 1600k for about 2,000 chunks (roughly twice as long). ' +
        "Each size gets 5 measured runs per pipeline (not the index job's 6: the fit uses every size together) and 1 warmup at the first size only",
      sizeList,
    )
    .option(
      '--thread-counts <list>',
      "--workload threads: comma-separated thread counts, ascending from 1, none above the machine's cores (default 1 to --threads or the cores). " +
        '1 warmup + 5 measured runs per pipeline and count (3 with --quick), every count of every pipeline in each shuffled round',
      threadCountList,
    )
    .option(
      '--claims',
      'run every workload the claims table needs (overhead, scale, tokenize, memory, threads, then query), each in its own directory under one run, with settings chosen to fit the time budget (run/claims-plan.ts; --sizes, --iterations and --tokenize-bytes override them, --full runs every part on the whole corpus), and open the report with the claims table; ' +
        `Ctrl-C keeps every finished part. Length: ${RUN_LENGTH.claims}; with --quick ${RUN_LENGTH.claimsQuick}`,
    )
    .option(
      '--tokenize-bytes <size>',
      '--workload tokenize: the size the corpus is grown to by repeating whole documents (20000, 50M, 1G; powers of 10); default 1G, with --quick 50M. 3 measured runs per pipeline, no warmup',
      byteSize,
    )
    .option('--timeout <seconds>', 'per-iteration limit; the whole process tree is killed past it', positiveFlag('--timeout', 'a number of seconds'))
    .option('--embed-batch-size <n>', 'texts per model forward pass (default 32)', integerFlag('--embed-batch-size', 1))
    .option('--upsert-batch-size <n>', 'points per upsert request (default 64)', integerFlag('--upsert-batch-size', 1))
    .option('--out <dir>', 'results directory (default: results/)')
    .option('--compare <baseline>', 'a baseline run (summary.json or run dir): the report shows the gate verdict against it')
    .option('--seed <n>', 'seed of the shuffled pipeline order of each round (default: a fresh one, recorded in the summary)', integerFlag('--seed', 0))
    .option('--no-setup', 'skip set-up (building pipelines, model, corpus); use what is there')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

/** Parses argv (without node and script) into CliOptions; a bad flag becomes a ConfigError (exit 2). Help/version: returns null after printing. */
export function parseBenchArgs(argv: string[]): BenchCliOptions | null {
  const cmd = benchCommand();
  return parseCommand(cmd, argv) ? cmd.opts<BenchCliOptions>() : null;
}
