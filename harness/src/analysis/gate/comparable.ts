/**
 * Whether two runs can be compared at all: the same workload (always required) and the same
 * kind of machine (required unless --allow-different-env). Each difference is named.
 */
import type { Environment, RunSummary, WorkloadSettings } from '../../types.js';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function field(name: string, a: unknown, b: unknown, into: string[]) {
  if (JSON.stringify(a) !== JSON.stringify(b)) into.push(`${name}: baseline ${show(a)}, candidate ${show(b)}`);
}

/** The corpus directory and model directory may live elsewhere on another checkout; their contents may not differ. */
export function workloadDifferences(a: WorkloadSettings, b: WorkloadSettings): string[] {
  const d: string[] = [];
  if (JSON.stringify(a.corpus.files) !== JSON.stringify(b.corpus.files)) {
    const i = a.corpus.files.findIndex((f, k) => b.corpus.files[k] !== f);
    const first = i >= 0 ? ` (first difference at #${i}: ${show(a.corpus.files[i])} vs ${show(b.corpus.files[i] ?? '(none)')})` : ' (candidate has more)';
    d.push(`corpus.files: baseline ${a.corpus.files.length} files, candidate ${b.corpus.files.length}${first}`);
  }
  field('corpus.bytes', a.corpus.bytes, b.corpus.bytes, d);
  field('corpus.subset', a.corpus.subset, b.corpus.subset, d);
  field('chunkSize', a.chunkSize, b.chunkSize, d);
  field('chunkOverlap', a.chunkOverlap, b.chunkOverlap, d);
  field('separators', a.separators, b.separators, d);
  field('model.name', a.model.name, b.model.name, d);
  field('model.sha256', a.model.sha256, b.model.sha256, d);
  field('embedBatchSize', a.embedBatchSize, b.embedBatchSize, d);
  field('upsertBatchSize', a.upsertBatchSize, b.upsertBatchSize, d);
  field('threads', a.threads, b.threads, d);
  field('mode', a.mode, b.mode, d);
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

/** Two runs of the same workload (for the history chart). */
export function sameWorkload(a: RunSummary, b: RunSummary): boolean {
  return workloadDifferences(a.settings, b.settings).length === 0;
}
