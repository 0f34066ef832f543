/**
 * What `--workload tokenize` sets in the config: the grown corpus's size (`--tokenize-bytes`),
 * its runs, and which pipelines speak the job. A pipeline speaks it when the config's set
 * "tokenize" lists it (bench.config.json `sets`): the one place the harness already keeps named
 * groups of pipelines, so knowing a pipeline's jobs needs no new key. The others of the run are
 * reported "not implemented", never run.
 */
import { ConfigError } from '../errors.js';
import type { SubsetName } from './types.js';

/** 1 GB (10^9 bytes) as the claim says it; 50 MB with --quick. */
export const DEFAULT_TOKENIZE_BYTES = { default: 1_000_000_000, quick: 50_000_000 } as const;
/**
 * Three measured runs and no warmup: one pass over 1 GB takes minutes (335 s batched, 708 s one at
 * a time for Python's binding on 2 cores, issue 16), so the first run's cold start is a rounding
 * error, and three runs give the median's range (75% coverage, stats/README.md).
 */
export const TOKENIZE_RUNS = { warmup: 0, iterations: 3 } as const;
/** The config's set naming the pipelines that speak the job. */
export const TOKENIZE_SET = 'tokenize';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9 };

/** "50M", "1G", "1.5GB", "20000" -> bytes (powers of 10); throws an Error naming the value. */
export function parseByteSize(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Math.round(Number(m[1]) * unit) : Number.NaN;
  if (!(bytes >= 1)) throw new Error(`${flag} must be a size in bytes >= 1 (like 20000, 50M or 1G; k, M, G are powers of 10), got "${text}"`);
  return bytes;
}

export interface TokenizeSettings {
  /** The grown corpus's size in bytes (tokenize.target_bytes). */
  targetBytes: number;
  /** Ids of the configured pipelines that speak the job (the set "tokenize"). */
  speakers: string[];
  /** Per-process limit: --timeout, else 4 hours per GB (at least 30 minutes), since one process makes two passes over the whole size. */
  timeoutMs: number;
}

/** 4 hours per GB: Python's binding took 23 minutes per GB for both passes on 2 cores shared with builds (50 MB runs, 2026-12-02); 10x headroom. */
const TIMEOUT_MS_PER_BYTE = (4 * 3600 * 1000) / 1e9;

/**
 * What `--workload tokenize` sets in the config: its target size, its runs (unless --warmup /
 * --iterations say otherwise), its pipelines; for another workload nothing, and --tokenize-bytes
 * given to it is a ConfigError.
 */
export function tokenizeSettings(
  workload: string,
  subset: SubsetName,
  cli: { tokenizeBytes?: number; iterations?: number; warmup?: number; timeout?: number },
  sets: Record<string, string[]> | undefined,
): { tokenize?: TokenizeSettings; warmup?: number; iterations?: number } {
  if (workload !== 'tokenize') {
    if (cli.tokenizeBytes !== undefined)
      throw new ConfigError(`--tokenize-bytes sets the corpus size of --workload tokenize; this run's workload is ${workload}`);
    return {};
  }
  const targetBytes = cli.tokenizeBytes ?? DEFAULT_TOKENIZE_BYTES[subset === 'quick' ? 'quick' : 'default'];
  const timeoutMs = cli.timeout !== undefined ? cli.timeout * 1000 : Math.max(1800_000, targetBytes * TIMEOUT_MS_PER_BYTE);
  return {
    tokenize: { targetBytes, speakers: sets?.[TOKENIZE_SET] ?? [], timeoutMs },
    warmup: cli.warmup ?? TOKENIZE_RUNS.warmup,
    iterations: cli.iterations ?? TOKENIZE_RUNS.iterations,
  };
}
