/**
 * What `npm run bench -- --claims` runs: every workload the claims table needs, each with the
 * flags of the command line applied to it (--quick, --pipelines, --iterations, ...). A new
 * workload with a claim adds its name here and its measure to analysis/claims-registry.ts.
 */
import { type CliOptions, resolveConfig } from '../config/index.js';
import type { BenchConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { ScaleSizeSpec, Workload } from '../types.js';

/**
 * The workloads of a claims run, in the order they run (the shorter first: it finishes even if
 * Ctrl-C comes early; threads then query last, so the roofline still reads the overhead part's index runs).
 */
export const CLAIMS_WORKLOADS: Workload[] = ['overhead', 'scale', 'memory', 'threads', 'query'];

/**
 * --quick --claims measures two scale sizes, not the quick scale run's three: 2k and 45k (1 and
 * 6 files of the default corpus, about 2 and 50 chunks) span the range a line needs, and the
 * quick subset between them is what the overhead part measures anyway. 45k, not 70k: the
 * larger size alone took longer than the whole overhead part, and the run is to stay near 8
 * minutes on 2 cores.
 */
export const CLAIMS_QUICK_SCALE_SIZES: ScaleSizeSpec[] = [2_000, 45_000];

export interface ClaimsPart {
  workload: Workload;
  config: BenchConfig;
}

/** One validated config per workload; bad flags throw ConfigError (exit 2) as for any run. */
export function claimsParts(cli: CliOptions, cwd = process.cwd()): ClaimsPart[] {
  if (cli.workload !== undefined) {
    throw new ConfigError(`--claims runs every workload the claims table needs (${CLAIMS_WORKLOADS.join(', ')}); leave out --workload ${cli.workload}`);
  }
  if (cli.mode === 'stub')
    throw new ConfigError('--claims measures the model (claim 2 runs every pipeline in full mode beside its stub mode): leave out --mode stub');
  if (cli.compare !== undefined) throw new ConfigError('--compare judges one workload against a baseline run of it; it cannot be combined with --claims');
  return CLAIMS_WORKLOADS.flatMap((workload) => {
    const sizes = workload === 'scale' ? (cli.sizes ?? (cli.quick ? CLAIMS_QUICK_SCALE_SIZES : undefined)) : undefined;
    const config = resolveConfig({ ...cli, workload, sizes }, cwd);
    // the query part needs a pipeline of the run that speaks the job (the config's set "query"); without one it is left out, and claim 4 says "not measured"
    if (workload === 'query' && !config.pipelines.some((p) => config.query?.speakers.includes(p.id))) return [];
    // the memory part likewise needs a pipeline that writes batch events (the config's set "memory")
    if (workload === 'memory' && !config.pipelines.some((p) => config.memory?.speakers.includes(p.id))) return [];
    return [{ workload, config }];
  });
}
