/**
 * How long each set-up step took the last time it did work (a cached step is not a comparable
 * run), so the next set-up can say what to expect: "Rust release build (last time 21m36s)".
 * Kept in the cache dir, one small JSON file; a missing or unreadable file means "no figure".
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../paths.js';
import { formatDuration } from '../progress/index.js';
import { writeJsonAtomic } from '../results/atomic.js';

const FILE = path.join(CACHE_DIR, 'setup-timings.json');

function readAll(): Record<string, number> {
  try {
    return existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
  } catch {
    return {};
  }
}

/** Runs one step under a Listr task, titling it with the last comparable duration, then with this one's. */
export async function timedStep(task: { title: string | undefined }, key: string, work: () => Promise<'cached' | 'built'>): Promise<void> {
  const base = task.title ?? key;
  const last = readAll()[key];
  if (typeof last === 'number') task.title = `${base} (last time ${formatDuration(last)})`;
  const started = Date.now();
  const outcome = await work();
  const took = Date.now() - started;
  if (outcome === 'cached') {
    task.title = `${base} (cached)`;
    return;
  }
  task.title = `${base} (took ${formatDuration(took)})`;
  mkdirSync(CACHE_DIR, { recursive: true });
  writeJsonAtomic(FILE, { ...readAll(), [key]: took });
}
