/**
 * What `npm run bench -- --claims` runs: every workload the claims table needs, each with the
 * flags of the command line applied to it (--quick, --pipelines, --iterations, ...) and with
 * settings chosen for the claims table (CLAIMS_SETTINGS) so the whole run fits its time budget
 * (issue 16: under 45 minutes on 2 cores, --quick under 8). A new workload with a claim adds
 * its name here and its measure to analysis/claims-registry.ts.
 */
import { type CliOptions, resolveConfig } from '../config/index.js';
import type { BenchConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { ScaleSizeSpec, Workload } from '../types.js';

/**
 * The workloads of a claims run, in the order they run (the shorter first: it finishes even if
 * Ctrl-C comes early; threads then query last, so the roofline still reads the overhead part's index runs).
 */
export const CLAIMS_WORKLOADS: Workload[] = ['overhead', 'scale', 'tokenize', 'memory', 'threads', 'query'];

/**
 * A claims run's own settings, each smaller than the workload's standalone one but never below
 * what its analysis needs for an interval; a flag given (--sizes, --iterations, --tokenize-bytes,
 * --full, --corpus) wins over them. Lengths: config/cli.ts (RUN_LENGTH.claims).
 * - overhead: the 300 KB budget (242 kB, 24 files) instead of 600 KB, 1 warmup + 6 runs in each
 *   mode kept (6 vs 6 is the fewest at which claim 2's difference can be significant).
 * - scale: two sizes, 16k and 200k (a line needs two), 5 runs each kept (5 vs 5 is the fewest
 *   at which the ratio's 95% interval at alpha 0.05/2 exists: 4 vs 4 gives only the range).
 *   --quick: no scale part; claim 1 reads the overhead part's full-mode runs (its one size).
 * - tokenize: the corpus grown to 20 MB (5 MB with --quick) instead of 1 GB (50 MB), 3 runs kept
 *   (claim 3 needs 2).
 * - memory: 2 copies of the 300 KB budget (242 kB: about 21 passes a process, 17 after warm-up;
 *   the analysis needs 5) instead of 5 copies of 600 KB; --quick keeps its 2 copies of 150 kB.
 * - threads: the 40 KB quick subset with the default 1 warmup + 5 runs per count (3 with --quick).
 * - query: its standalone settings.
 */
export const CLAIMS_SETTINGS = {
  overheadBytes: 300_000,
  scaleSizes: [16_000, 200_000] as ScaleSizeSpec[],
  tokenizeBytes: { default: 20_000_000, quick: 5_000_000 },
  memory: { repeat: 2, bytes: 300_000 },
  threadsBytes: 40_000,
} as const;

export interface ClaimsPart {
  workload: Workload;
  config: BenchConfig;
}

function refuseFlags(cli: CliOptions): void {
  if (cli.workload !== undefined) {
    throw new ConfigError(`--claims runs every workload the claims table needs (${CLAIMS_WORKLOADS.join(', ')}); leave out --workload ${cli.workload}`);
  }
  if (cli.mode === 'stub')
    throw new ConfigError('--claims measures the model (claim 2 runs every pipeline in full mode beside its stub mode): leave out --mode stub');
  if (cli.compare !== undefined) throw new ConfigError('--compare judges one workload against a baseline run of it; it cannot be combined with --claims');
}

/** The part's config with the claims run's settings, where the run is on the default subset and no flag set them. */
function withClaimsSettings(workload: Workload, config: BenchConfig): BenchConfig {
  if (config.corpus.subset !== 'default') return config;
  const budget = (budgetBytes: number) => ({ ...config, corpus: { ...config.corpus, budgetBytes } });
  if (workload === 'overhead') return budget(CLAIMS_SETTINGS.overheadBytes);
  if (workload === 'threads') return budget(CLAIMS_SETTINGS.threadsBytes);
  if (workload === 'memory' && config.memory)
    return { ...config, memory: { ...config.memory, repeat: CLAIMS_SETTINGS.memory.repeat, quickBytes: CLAIMS_SETTINGS.memory.bytes } };
  return config;
}

/** The part's flags: the command line's, with the claims run's scale sizes and tokenize size unless given. */
function partFlags(workload: Workload, cli: CliOptions): CliOptions {
  const sizes = workload === 'scale' ? (cli.sizes ?? CLAIMS_SETTINGS.scaleSizes) : undefined;
  const tokenizeBytes = workload === 'tokenize' ? (cli.tokenizeBytes ?? CLAIMS_SETTINGS.tokenizeBytes[cli.quick ? 'quick' : 'default']) : undefined;
  return { ...cli, workload, sizes, tokenizeBytes };
}

/** One validated config per workload; bad flags throw ConfigError (exit 2) as for any run. */
export function claimsParts(cli: CliOptions, cwd = process.cwd()): ClaimsPart[] {
  refuseFlags(cli);
  return CLAIMS_WORKLOADS.flatMap((workload) => {
    // --quick: claim 1 rests on the overhead part's one size (no scale part) unless --sizes asks for one
    if (workload === 'scale' && cli.quick && !cli.sizes) return [];
    const config = withClaimsSettings(workload, resolveConfig(partFlags(workload, cli), cwd));
    // the query, tokenize and memory parts need a pipeline of the run that speaks the job (the config's sets "query", "tokenize", "memory"); without one the part is left out and its claim says "not measured"
    const speakers = { query: config.query?.speakers, tokenize: config.tokenize?.speakers, memory: config.memory?.speakers }[workload as string];
    if (['query', 'tokenize', 'memory'].includes(workload) && !config.pipelines.some((p) => speakers?.includes(p.id))) return [];
    return [{ workload, config }];
  });
}

const kb = (bytes: number | null) => (bytes === null ? 'the whole corpus' : `the ${Math.round(bytes / 1000)} KB budget`);

/** The threads part's query part (run/threads-query.ts), when a pipeline of the run speaks the query job. */
function threadsQueryWords(c: BenchConfig): string {
  const q = c.query;
  if (!q || !c.pipelines.some((p) => q.speakers.includes(p.id))) return '';
  return `; the query job at concurrency ${Math.max(...q.concurrency)}, ${q.passes} pass(es) of ${q.texts.length} texts, ${c.iterations} processes per count`;
}

/** What the part's figures rest on, in words (the claims section's list of parts: report/claims.ts). */
export function partSettings({ workload, config: c }: ClaimsPart): string {
  const runs = `${c.warmup} warmup + ${c.iterations} runs`;
  if (workload === 'overhead') return `${kb(c.corpus.budgetBytes)}, ${runs} per mode`;
  if (workload === 'scale') return `sizes ${(c.scaleSizes ?? []).join(', ')}, ${c.warmup} warmup (first size) + ${c.iterations} runs each`;
  if (workload === 'tokenize') return `the corpus grown to ${(c.tokenize?.targetBytes ?? 0) / 1e6} MB, ${c.iterations} runs`;
  if (workload === 'memory') return `${c.memory?.repeat} copies of ${kb(c.memory?.quickBytes ?? c.corpus.budgetBytes)}, one process per pipeline`;
  if (workload === 'threads') return `${kb(c.corpus.budgetBytes)}, ${c.threadCounts?.join(', ')} threads, ${runs} per count${threadsQueryWords(c)}`;
  return `${kb(c.corpus.budgetBytes)}, ${runs}`;
}
