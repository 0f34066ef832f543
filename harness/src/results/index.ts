/**
 * results/<run-id>/: the run directory, iterations.jsonl appended as each iteration finishes,
 * results/latest. Reading runs and baseline files: summary-file.ts; earlier runs: history.ts;
 * the reports written beside them: publish.ts.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../errors.js';
import type { IterationResult } from '../types.js';

/** A sortable, filesystem-safe run id: `2026-11-24T04-15-51Z-ab12`. */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `${stamp}-${Math.random().toString(16).slice(2, 6)}`;
}

/** Creates results/<run-id>/ (with logs/ and workloads/) and returns its path. */
export function createRunDir(outDir: string, runId: string): string {
  const runDir = path.join(outDir, runId);
  try {
    mkdirSync(path.join(runDir, 'logs'), { recursive: true });
    mkdirSync(path.join(runDir, 'workloads'), { recursive: true });
  } catch (err) {
    throw new BenchError(`cannot create the run directory ${runDir}: ${(err as Error).message}`);
  }
  return runDir;
}

/**
 * One line per finished iteration, appended at once: a crash or Ctrl-C loses nothing finished.
 * An append that fails (a full disk) is cut back off, so the file never ends in half a line.
 */
export function appendIteration(runDir: string, result: IterationResult): void {
  const file = path.join(runDir, 'iterations.jsonl');
  const before = existsSync(file) ? statSync(file).size : 0;
  try {
    appendFileSync(file, JSON.stringify(result) + '\n');
  } catch (err) {
    if (existsSync(file)) truncateSync(file, before);
    throw new BenchError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/**
 * The iterations appended so far, in order: the run's record of them. The run reads them back
 * once its plan is done instead of holding each in memory as it ends, so a long run's memory
 * does not grow with its length, and its summary is made from what was written.
 */
export function readIterations(runDir: string): IterationResult[] {
  const file = path.join(runDir, 'iterations.jsonl');
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BenchError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as IterationResult;
      } catch (err) {
        throw new BenchError(`${file} line ${i + 1} is not JSON: ${(err as Error).message}`);
      }
    });
}

/** Points results/latest at the run (a relative symlink, replaced atomically). */
export function updateLatestLink(outDir: string, runId: string): void {
  const link = path.join(outDir, 'latest');
  const tmp = `${link}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(runId, tmp);
  renameSync(tmp, link);
}

export { writeFileAtomic, writeJsonAtomic } from './atomic.js';
