/** Earlier runs of the same workload on the same kind of machine, for the report's history chart. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../types.js';
import { sameWorkload } from '../analysis/gate/comparable.js';
import { loadSummary } from './summary-file.js';

export function findHistory(resultsDir: string, current: RunSummary, limit = 30): RunSummary[] {
  if (!existsSync(resultsDir)) return [];
  const runs: RunSummary[] = [];
  for (const entry of readdirSync(resultsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'latest') continue;
    const file = join(resultsDir, entry.name, 'summary.json');
    if (!existsSync(file)) continue;
    try {
      const run = loadSummary(file);
      if (run.runId !== current.runId && run.status === 'complete' && run.environment.fingerprint === current.environment.fingerprint && sameWorkload(run, current)) runs.push(run);
    } catch {
      // an unreadable old run is not this run's problem; it is just left out of the chart
    }
  }
  return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).slice(-limit);
}
