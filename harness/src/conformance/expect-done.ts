/**
 * Judges the events of a run that must finish with `done` (pipelines/README.md, "The protocol"):
 * `ready` with the thread count, every stage started and ended in order (overlap only where
 * `done.overlapped` says so), busy times within their spans, each stage's counts, and `done`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ProtocolEvent } from '../run/protocol.js';
import type { OverlapGroup } from '../types.js';
import { type CaseRun, doneOf, endOf, show } from './outcome.js';
import type { ExpectDone, PipelineStage } from './table.js';

const STAGE_ORDER: PipelineStage[] = ['model_load', 'read', 'chunk', 'embed', 'upsert'];
/** Clock rounding allowed between a stage's busy time and its span, in ms. */
const BUSY_SLACK_MS = 1;

interface Span {
  start: number;
  end: number;
}

function readyProblems(run: CaseRun, threads: unknown): string[] {
  const ready = run.events[0];
  if (ready?.event !== 'ready') return ['the first event is not ready'];
  const problems: string[] = [];
  if (ready.threads !== threads) problems.push(`ready.threads is ${show(ready.threads)}, the workload says ${show(threads)}`);
  if (typeof ready.runtime?.name !== 'string' || typeof ready.runtime?.version !== 'string') problems.push('ready.runtime lacks a name and version');
  if (!ready.pipeline) problems.push('ready.pipeline is empty');
  return problems;
}

function spans(events: ProtocolEvent[]): Map<PipelineStage, Partial<Span & { busy: number }>> {
  const out = new Map<PipelineStage, Partial<Span & { busy: number }>>();
  for (const e of events) {
    if (e.event !== 'start' && e.event !== 'end') continue;
    const span = out.get(e.stage as PipelineStage) ?? {};
    if (e.event === 'start') span.start = e.t_ms;
    else Object.assign(span, { end: e.t_ms, busy: e.busy_ms });
    out.set(e.stage as PipelineStage, span);
  }
  return out;
}

/** Stages present, in order, each within its span; overlap only between stages of one group of done.overlapped. */
function stageProblems(run: CaseRun, mode: unknown, overlapped: OverlapGroup[]): string[] {
  const expected = mode === 'full' ? STAGE_ORDER : STAGE_ORDER.filter((s) => s !== 'model_load');
  const found = spans(run.events);
  const problems: string[] = [];
  if (mode === 'stub' && found.has('model_load')) problems.push('model_load reported in stub mode (no model is loaded)');
  for (const stage of expected) {
    const s = found.get(stage);
    if (s?.start === undefined || s.end === undefined) problems.push(`no start and end of ${stage}`);
    else if (s.busy! < 0 || s.busy! > s.end - s.start + BUSY_SLACK_MS)
      problems.push(`${stage}: busy_ms ${s.busy} outside its span of ${(s.end - s.start).toFixed(3)} ms`);
  }
  expected.forEach((earlier, i) => {
    for (const later of expected.slice(i + 1)) {
      const a = found.get(earlier);
      const b = found.get(later);
      if (a?.end === undefined || b?.start === undefined || b.start >= a.end) continue;
      if (!overlapped.some((g) => g.stages.includes(earlier) && g.stages.includes(later))) {
        problems.push(`${later} starts before ${earlier} ends, but no group of done.overlapped (${show(overlapped)}) holds both`);
      }
    }
  });
  return problems;
}

/** The counts each stage's end event carries, against done's and the kit's own. */
function countProblems(run: CaseRun, bytes: number): string[] {
  const done = doneOf(run)!;
  const ends = Object.fromEntries(STAGE_ORDER.map((s) => [s, (endOf(run, s) ?? {}) as Record<string, unknown>]));
  const pairs: [string, unknown, unknown][] = [
    ['end(read).documents', ends.read.documents, done.documents],
    ['end(read).skipped_files', ends.read.skipped_files, done.skipped_files],
    ['end(read).bytes', ends.read.bytes, bytes],
    ['end(chunk).chunks', ends.chunk.chunks, done.chunks],
    ['end(embed).chunks', ends.embed.chunks, done.chunks],
    ['end(embed).tokens', ends.embed.tokens, done.tokens],
    ['end(upsert).points', ends.upsert.points, done.points],
  ];
  return pairs.filter(([, got, want]) => !isDeepStrictEqual(got, want)).map(([what, got, want]) => `${what} is ${show(got)}, expected ${show(want)}`);
}

/** Problems of a run that finished with done; `bytes` is what reading the corpus's text files gives. */
export function doneProblems(run: CaseRun, expected: ExpectDone, workload: Record<string, any>, bytes: number): string[] {
  const done = doneOf(run)!;
  const problems = [...readyProblems(run, workload.threads), ...stageProblems(run, workload.mode, done.overlapped), ...countProblems(run, bytes)];
  for (const [field, want] of Object.entries(expected.done)) {
    const got = (done as Record<string, unknown>)[field];
    if (!isDeepStrictEqual(got, want)) problems.push(`done.${field} is ${show(got)}, expected ${show(want)}`);
  }
  if (run.exitCode !== 0) problems.push(`exit code ${run.exitCode} after done (must be 0)`);
  return problems;
}
