/**
 * Whether two runs can be compared at all: the same workload (always required) and the same
 * kind of machine (required unless --allow-different-env). Each difference is named.
 */
import type { Environment, RunSummary, StoreInfo, WorkloadSettings } from '../../types.js';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** What the two sides are called in the messages: the gate's baseline and candidate, or two runs of a report. */
export type Sides = readonly [string, string];
const GATE_SIDES: Sides = ['baseline', 'candidate'];

function field(name: string, a: unknown, b: unknown, into: string[], [x, y]: Sides = GATE_SIDES) {
  if (JSON.stringify(a) !== JSON.stringify(b)) into.push(`${name}: ${x} ${show(a)}, ${y} ${show(b)}`);
}

/** The corpus directory and model directory may live elsewhere on another checkout; their contents may not differ. */
export function workloadDifferences(a: WorkloadSettings, b: WorkloadSettings, sides: Sides = GATE_SIDES): string[] {
  const d: string[] = [];
  const f = (name: string, x: unknown, y: unknown) => field(name, x, y, d, sides);
  if (JSON.stringify(a.corpus.files) !== JSON.stringify(b.corpus.files)) {
    const i = a.corpus.files.findIndex((file, k) => b.corpus.files[k] !== file);
    const first = i >= 0 ? ` (first difference at #${i}: ${show(a.corpus.files[i])} vs ${show(b.corpus.files[i] ?? '(none)')})` : ` (${sides[1]} has more)`;
    d.push(`corpus.files: ${sides[0]} ${a.corpus.files.length} files, ${sides[1]} ${b.corpus.files.length}${first}`);
  }
  f('corpus.bytes', a.corpus.bytes, b.corpus.bytes);
  f('corpus.subset', a.corpus.subset, b.corpus.subset);
  f('chunkSize', a.chunkSize, b.chunkSize);
  f('chunkOverlap', a.chunkOverlap, b.chunkOverlap);
  f('separators', a.separators, b.separators);
  f('model.name', a.model.name, b.model.name);
  f('model.sha256', a.model.sha256, b.model.sha256);
  f('embedBatchSize', a.embedBatchSize, b.embedBatchSize);
  f('upsertBatchSize', a.upsertBatchSize, b.upsertBatchSize);
  f('threads', a.threads, b.threads);
  f('mode', a.mode, b.mode);
  // shards and replicas change what the upsert stage does on a cluster; absent on both = equal
  f('collection', a.collection ?? {}, b.collection ?? {});
  return d;
}

/** The store is part of what is measured (the upsert stage): its kind, server and version must match. */
export function storeDifferences(a: StoreInfo, b: StoreInfo): string[] {
  const d: string[] = [];
  field('store.kind', a.kind, b.kind, d);
  field('store.name', a.name, b.name, d);
  field('store.version', a.version, b.version, d);
  return d;
}

export function environmentDifferences(a: Environment, b: Environment): string[] {
  if (a.fingerprint === b.fingerprint) return [];
  const d: string[] = [];
  field('environment.cpuModel', a.cpuModel, b.cpuModel, d);
  field('environment.cpuCount', a.cpuCount, b.cpuCount, d);
  field('environment.memoryBytes', a.memoryBytes, b.memoryBytes, d);
  field('environment.os', a.os, b.os, d);
  if (d.length === 0) field('environment.fingerprint', a.fingerprint, b.fingerprint, d);
  return d;
}

/** The job (`--workload`, absent in older runs: index) and the settings: everything that makes two runs the same workload. */
export function runWorkloadDifferences(a: RunSummary, b: RunSummary, sides: Sides = GATE_SIDES): string[] {
  const d: string[] = [];
  field('workload', a.workload ?? 'index', b.workload ?? 'index', d, sides);
  return [...d, ...workloadDifferences(a.settings, b.settings, sides)];
}

/** Two runs of the same workload (for the history chart). */
export function sameWorkload(a: RunSummary, b: RunSummary): boolean {
  return runWorkloadDifferences(a, b).length === 0;
}
