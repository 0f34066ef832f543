/**
 * The corpus sizes of `--workload scale` (`--sizes`): byte budgets of the fixed subset rule
 * (files in path order while the cumulative size stays within), or `all` = the run's subset
 * (600 KB by default, 40 KB with --quick, every file with --full). Budgets, not chunk counts,
 * because the subset rule is what every pipeline is handed; the chunks are measured.
 */
import type { ScaleSizeSpec } from '../scale-types.js';
import type { SubsetName } from './types.js';

/** About 15, 100 and 500 chunks (~800 bytes of Python docs per chunk of 1,000 characters) and the default subset (594 KB, ~750). */
export const DEFAULT_SCALE_SIZES: ScaleSizeSpec[] = [16_000, 80_000, 400_000, 'all'];
/**
 * About 2, 12 and 85 chunks of the default corpus (1, 4 and 8 files). Not `all`: the quick
 * subset is 5 files, 12 KB (the sixth file alone is 31 KB), too narrow a range to fit a line to.
 */
export const QUICK_SCALE_SIZES: ScaleSizeSpec[] = [2_000, 12_000, 70_000];
/**
 * Measured runs per pipeline at each size: 5, fewer than the index job's 6, because the fit
 * uses every size together; 5 vs 5 is the fewest at which the exact rank interval of a
 * per-size speedup exists at 0.05 / 5 (four or five sizes, one Rust-Python pair).
 */
export const SCALE_ITERATIONS = 5;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1000, m: 1_000_000, mb: 1_000_000 };

/** "16k,80k,400k,all" -> [16000, 80000, 400000, 'all']; throws an Error naming the bad item. */
export function parseSizeList(text: string): ScaleSizeSpec[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length < 2) throw new Error(`--sizes needs at least two corpus sizes (a line needs two points), got "${text}"`);
  const sizes = items.map((item): ScaleSizeSpec => {
    if (item.toLowerCase() === 'all') return 'all';
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(item);
    const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
    const bytes = m && unit ? Math.round(Number(m[1]) * unit) : Number.NaN;
    if (!(bytes >= 1)) throw new Error(`--sizes: "${item}" is not a corpus size (bytes like 16000, 16k or 1.6M, or "all" for the run's subset)`);
    return bytes;
  });
  const seen = new Set<ScaleSizeSpec>();
  for (const s of sizes) {
    if (seen.has(s)) throw new Error(`--sizes: ${s === 'all' ? '"all"' : s} is given twice`);
    seen.add(s);
  }
  return sizes;
}

/** A size as the report names it: "16 KB", "all (600 KB)". */
export function sizeLabel(spec: ScaleSizeSpec, budgetBytes: number | null): string {
  const kb = (b: number) => (b >= 1_000_000 ? `${+(b / 1_000_000).toFixed(2)} MB` : `${+(b / 1000).toFixed(1)} KB`);
  if (spec !== 'all') return kb(spec);
  return budgetBytes === null ? 'all (every file)' : `all (${kb(budgetBytes)})`;
}

/** What `--workload scale` sets in the config: its sizes and, unless --iterations says otherwise, its runs per size. */
export function scaleSettings(subset: SubsetName, sizes: ScaleSizeSpec[] | undefined, iterations: number | undefined) {
  return { scaleSizes: sizes ?? (subset === 'quick' ? QUICK_SCALE_SIZES : DEFAULT_SCALE_SIZES), iterations: iterations ?? SCALE_ITERATIONS };
}
