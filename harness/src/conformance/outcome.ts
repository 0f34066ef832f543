/**
 * What one pipeline process did (its protocol events, exit code, and the harness's outcome for
 * it), and the verdict of a case: an outcome with a `kind` and a human `message`.
 */
import type { ProtocolEvent } from '../run/protocol.js';
import type { IterationFailure } from '../types.js';
import type { PipelineStage } from './table.js';

export interface CaseRun {
  /** Every protocol event, in the order written. */
  events: ProtocolEvent[];
  exitCode: number | null;
  /** The harness's outcome of the process (null: done and exit 0). */
  failure: IterationFailure | null;
}

export type CaseOutcome = { kind: 'pass'; message: string } | { kind: 'fail'; message: string };

export const pass = (message: string): CaseOutcome => ({ kind: 'pass', message });
export const fail = (message: string): CaseOutcome => ({ kind: 'fail', message });

export type ErrorEvent = Extract<ProtocolEvent, { event: 'error' }>;
export type DoneEvent = Extract<ProtocolEvent, { event: 'done' }>;
export type EndEvent = Extract<ProtocolEvent, { event: 'end' }>;

export const errorOf = (run: CaseRun) => run.events.find((e): e is ErrorEvent => e.event === 'error');
export const doneOf = (run: CaseRun) => run.events.find((e): e is DoneEvent => e.event === 'done');
export const endOf = (run: CaseRun, stage: PipelineStage) => run.events.find((e): e is EndEvent => e.event === 'end' && e.stage === stage);

/** A message or value quoted in a result line, cut to a readable length. */
export function quote(text: string, max = 240): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max)}...` : oneLine);
}

export const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** Why a run that should have ended in an error event did not. */
export function notAnError(run: CaseRun): string {
  const f = run.failure;
  if (f === null) {
    const done = doneOf(run);
    return `finished with done (${done?.points ?? '?'} points) instead of an error`;
  }
  if (f.kind === 'crash') return `no error event: ${f.message}`;
  return f.message;
}

/** Why a run that should have finished with done did not. */
export function notDone(run: CaseRun): string {
  const error = errorOf(run);
  if (error) return `error in ${error.stage ?? 'validation'}: ${quote(error.message)}`;
  return run.failure?.message ?? 'no done event';
}
