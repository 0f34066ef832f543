/**
 * The sizes a scale run measures, resolved against the corpus before anything runs: each
 * budget's files (the subset rule), smallest first, and budgets that select the same files
 * merged (a small corpus, or a first file bigger than the budget), so no size is run twice.
 */
import { existsSync } from 'node:fs';
import type { BenchConfig } from '../config/types.js';
import { sizeLabel } from '../config/scale-sizes.js';
import { CorpusError, resolveCorpus } from '../corpus/index.js';
import { BenchError } from '../errors.js';
import { DEFAULT_CORPUS_DIR } from '../paths.js';
import type { ScaleSizeSpec } from '../scale-types.js';
import { leastSquaresLine } from '../stats/scale-fit.js';

export interface PlannedSize {
  label: string;
  budgetBytes: number | null;
  files: number;
  bytes: number;
}

/** The corpus directory the sizes are cut from (the one runBench would use). */
export function scaleCorpusDir(config: BenchConfig): string {
  const dir = config.corpus.dir ?? (existsSync(DEFAULT_CORPUS_DIR) ? DEFAULT_CORPUS_DIR : null);
  if (!dir) throw new BenchError('no corpus: the default corpus is not available here; pass one with --corpus DIR (a directory of .txt/.md/.rst files)');
  return dir;
}

/** Every asked size with its files, smallest first; sizes that select the same files are merged (the notes say which). */
export function planSizes(config: BenchConfig, sizes: readonly ScaleSizeSpec[], dir: string): { sizes: PlannedSize[]; notes: string[] } {
  const resolved = sizes.map((spec) => {
    const budgetBytes = spec === 'all' ? config.corpus.budgetBytes : spec;
    try {
      const corpus = resolveCorpus(dir, config.corpus.globs, config.corpus.subset, budgetBytes);
      return { label: sizeLabel(spec, config.corpus.budgetBytes), budgetBytes, files: corpus.files.length, bytes: corpus.bytes };
    } catch (err) {
      if (err instanceof CorpusError) throw new BenchError(err.message, 2);
      throw err;
    }
  });
  resolved.sort((a, b) => a.bytes - b.bytes || (a.budgetBytes ?? Infinity) - (b.budgetBytes ?? Infinity));
  const out: PlannedSize[] = [];
  const notes: string[] = [];
  for (const s of resolved) {
    const same = out.find((o) => o.files === s.files && o.bytes === s.bytes);
    if (same)
      notes.push(`sizes ${same.label} and ${s.label} select the same ${s.files} files (${s.bytes} bytes) of this corpus: measured once, as ${same.label}`);
    else out.push(s);
  }
  if (out.length < 2) throw new BenchError(`--sizes: every size selects the same ${out[0].files} files of ${dir}; a scale run needs two sizes that differ`, 2);
  return { sizes: out, notes };
}

/**
 * Time left for the sizes not yet run: a line of seconds against bytes through the finished
 * sizes (two or more), summed over the rest; null before two sizes have finished.
 */
export function estimateLeftMs(done: ReadonlyArray<{ bytes: number; ms: number }>, left: readonly PlannedSize[]): number | null {
  const line = leastSquaresLine(done.map((d) => ({ x: d.bytes, y: d.ms })));
  if (!line) return null;
  return left.reduce((sum, s) => sum + Math.max(0, line.intercept + line.slope * s.bytes), 0);
}
