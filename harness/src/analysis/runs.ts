/**
 * Several runs into one report: they must be runs of the same workload (the corpus files,
 * chunking, model, batches, threads and mode), or they are refused with every difference named
 * (exit 2). Runs from more than one kind of machine are shown side by side, machine by machine;
 * runs of one machine are its history. Figures are compared within a run (its factors against
 * its own reference pipeline): absolute times of different CPUs are shown, not compared.
 */
import { IncomparableError, InputError } from '../errors.js';
import type { Machine, RunsReport } from '../runs-types.js';
import type { RunSummary } from '../types.js';
import { runWorkloadDifferences } from './gate/comparable.js';

function machinesOf(runs: RunSummary[]): Machine[] {
  const machines = new Map<string, Machine>();
  for (const { environment: e } of runs) {
    const m = machines.get(e.fingerprint);
    if (m) m.runs++;
    else machines.set(e.fingerprint, { fingerprint: e.fingerprint, cpuModel: e.cpuModel, cpuCount: e.cpuCount, memoryBytes: e.memoryBytes, os: e.os, runs: 1 });
  }
  return [...machines.values()];
}

/** Every workload difference of each run from the first, named with both runs' ids. */
export function workloadMismatches(runs: RunSummary[]): string[] {
  const [first, ...rest] = runs;
  return rest.flatMap((r) => runWorkloadDifferences(first, r, [`run ${first.runId}`, `run ${r.runId}`]));
}

export function compareRuns(runs: RunSummary[]): RunsReport {
  if (runs.length === 0) throw new InputError('no runs given: pass run directories or summary.json files');
  const ids = runs.map((r) => r.runId);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) throw new InputError(`run ${[...new Set(twice)].join(', ')} given twice`);
  const differences = workloadMismatches(runs);
  if (differences.length) throw new IncomparableError(differences.map((d) => `different workload: ${d}`));
  const machines = machinesOf(runs);
  const kind = machines.length > 1 ? 'machines' : 'history';
  const ordered =
    kind === 'history'
      ? [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt))
      : machines.flatMap((m) => runs.filter((r) => r.environment.fingerprint === m.fingerprint).sort((a, b) => a.startedAt.localeCompare(b.startedAt)));
  const pipelines = new Map<string, string>();
  for (const r of ordered) for (const p of r.pipelines) if (!pipelines.has(p.id)) pipelines.set(p.id, p.name);
  return { kind, runs: ordered, machines, pipelines: [...pipelines].map(([id, name]) => ({ id, name })), settings: runs[0].settings };
}
