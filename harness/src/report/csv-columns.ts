/** What every CSV the harness writes shares: the row type, the one writer, an estimate as columns. */
import { stringify } from 'csv-stringify/sync';
import type { Estimate } from '../types.js';

export type Row = Record<string, string | number | boolean | null>;

/**
 * Rows to CSV text with a header; `columns` fixes the header when rows may be empty or sparse.
 * Text a pipeline or a config chose (names, ids, messages) that starts like a spreadsheet
 * formula (`=`, `+`, `-`, `@`) gets a leading `'`, so opening the file never runs it; numbers
 * are left as they are.
 */
export const toCsv = (rows: Row[], columns?: string[]) =>
  stringify(rows, { header: true, columns, escape_formulas: true, cast: { number: (n) => String(n), boolean: (b) => String(b) } });

/** An estimate as columns: the value, its interval, the interval's exact coverage and method. */
export function estimateColumns(prefix: string, e: Estimate | null | undefined): Row {
  return {
    [prefix]: e?.value ?? null,
    [`${prefix}.ciLow`]: e?.ciLow ?? null,
    [`${prefix}.ciHigh`]: e?.ciHigh ?? null,
    [`${prefix}.level`]: e?.level ?? null,
    [`${prefix}.method`]: e?.method ?? null,
  };
}
