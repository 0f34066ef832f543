/**
 * One pipeline process of a job read as JSON events (the query and tokenize jobs; the index job
 * has its own runner, spawn.ts, which holds a pipeline to the index stages and samples memory):
 * `<command...> <workload.json>` in its own process group, each stdout line folded by the job's
 * `accept`, killed as a whole on a broken line, a timeout or an abort.
 */
import type { Readable } from 'node:stream';
import type { IterationFailure } from '../types.js';
import type { JobReadState } from './job-events.js';
import { killTree } from './kill.js';
import { boundedLines, LineTooLongError } from './lines.js';
import { INTERRUPTED_MESSAGE, Stopper, spawnInGroup, stopOnTimeoutOrAbort, timeoutMessage } from './process-group.js';
import { monotonicMs } from './protocol.js';

export interface JobSpawn {
  command: string[];
  workloadPath: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  stderrPath: string;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
}

/** How one job reads its events. */
export interface JobEvents {
  /** The longest stdout line taken for an event (bytes). */
  maxLineBytes: number;
  /** Folds one event; returns a message when it breaks the job's protocol. */
  accept: (ev: Record<string, unknown>) => string | null;
  state: JobReadState;
}

export interface JobEnd {
  /** An outcome like an index iteration's; null = the run succeeded (done + exit 0). */
  failure: IterationFailure | null;
  wallMs: number;
  /** True when the run ended because the signal aborted it (Ctrl-C). */
  interrupted: boolean;
}

/** Reads stdout to its end, folding the events; a broken line stops the process (the rest is drained). */
async function readEvents(stdout: Readable, events: JobEvents, stopper: Stopper<IterationFailure>, onStage?: (stage: string) => void): Promise<void> {
  try {
    for await (const line of boundedLines(stdout, events.maxLineBytes)) {
      if (stopper.reason || line.trim() === '') continue;
      let ev: Record<string, unknown>;
      try {
        ev = JSON.parse(line);
      } catch {
        stopper.stop({ kind: 'protocol', message: `protocol: not a JSON line on stdout: ${JSON.stringify(line.slice(0, 200))}` });
        continue;
      }
      if (ev.event === 'start') onStage?.(String(ev.stage));
      const broken = events.accept(ev);
      if (broken) stopper.stop({ kind: 'protocol', message: `protocol: ${broken}` });
    }
  } catch (err) {
    if (!(err instanceof LineTooLongError)) throw err;
    stopper.stop({ kind: 'protocol', message: err.message });
  }
}

/**
 * What a process the harness did not stop ended with: its `error` event, an exit without `done`
 * (exit 0: a protocol break, else a crash), a non-zero exit after `done`, or null (success).
 */
function endFailure(state: JobReadState, result: { exitCode?: number; signal?: string }): IterationFailure | null {
  const exitCode = result.exitCode ?? null;
  const signal = result.signal ?? null;
  if (state.error) return { kind: 'error-event', message: state.error, stage: null };
  if (!state.done) {
    const message = `exited with ${exitCode ?? signal} without a done event`;
    return exitCode === 0 ? { kind: 'protocol', message } : { kind: 'crash', message, exitCode, signal };
  }
  if (exitCode !== 0) return { kind: 'crash', message: `exited with ${exitCode} after done`, exitCode, signal };
  return null;
}

export async function runJobProcess(opts: JobSpawn, events: JobEvents): Promise<JobEnd> {
  const t0 = monotonicMs();
  const [file, ...args] = opts.command;
  const child = spawnInGroup(file, [...args, opts.workloadPath], opts);
  const stopper = new Stopper<IterationFailure>(() => {
    if (child.pid) killTree(child.pid, []);
  });
  const disarm = stopOnTimeoutOrAbort(stopper, opts.timeoutMs, opts.signal, {
    timeout: { kind: 'timeout', message: timeoutMessage(opts.timeoutMs), timeoutMs: opts.timeoutMs },
    interrupted: { kind: 'interrupted', message: INTERRUPTED_MESSAGE },
  });
  let result: Awaited<typeof child>;
  try {
    await readEvents(child.stdout!, events, stopper, opts.onStage);
    result = await child;
  } finally {
    disarm();
  }
  const wallMs = monotonicMs() - t0;
  return { failure: stopper.reason ?? endFailure(events.state, result), wallMs, interrupted: stopper.interrupted };
}
