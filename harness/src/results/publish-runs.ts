/** A report over several runs, written into its own directory (each file atomically). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_RENDERERS } from '../report/index.js';
import type { RunsReport } from '../runs-types.js';
import { writeFileAtomic } from './atomic.js';

/** Returns the paths written, keyed by file name. */
export function writeRunsReport(outDir: string, report: RunsReport): Record<string, string> {
  mkdirSync(outDir, { recursive: true });
  const written: Record<string, string> = {};
  for (const r of RUNS_RENDERERS) {
    const path = join(outDir, r.file);
    writeFileAtomic(path, r.render(report));
    written[r.file] = path;
  }
  return written;
}
