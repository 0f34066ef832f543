/**
 * One pipeline process of the query job: `<command...> <workload.json>` in its own process
 * group, its stdout read as the query job's events (query-events.ts checks each against the
 * workload), killed as a whole on timeout or abort. Like the tokenize job's runner, not the
 * index job's (spawn.ts holds a pipeline to the index job's stages and samples memory).
 */
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { QueryProcess } from '../query-types.js';
import { killTree } from './kill.js';
import { boundedLines, LineTooLongError } from './lines.js';
import { monotonicMs } from './protocol.js';
import { acceptQueryEvent, emptyQueryFields, type QueryExpectation, type QueryFields, type QueryReadState } from './query-events.js';

export interface QuerySpawn {
  command: string[];
  workloadPath: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  stderrPath: string;
  expect: QueryExpectation;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
}

export type QueryOutcome = Omit<QueryProcess, 'pipelineId' | 'index' | 'kind' | 'stderrFile'> & { interrupted: boolean };

interface Reading {
  out: QueryFields;
  state: QueryReadState;
  want: QueryExpectation;
  failure: () => string | null;
  kill: (why: string) => void;
  onStage?: (stage: string) => void;
}

/** Reads stdout to its end, folding the events; a broken line kills the process (the rest is drained). */
async function readEvents(stdout: Readable, r: Reading): Promise<void> {
  try {
    for await (const line of boundedLines(stdout, 4 << 20)) {
      if (r.failure() || line.trim() === '') continue;
      let ev: Record<string, unknown>;
      try {
        ev = JSON.parse(line);
      } catch {
        r.kill(`protocol: not a JSON line on stdout: ${JSON.stringify(line.slice(0, 200))}`);
        continue;
      }
      if (ev.event === 'start') r.onStage?.(String(ev.stage));
      const broken = acceptQueryEvent(r.out, ev, r.state, r.want);
      if (broken) r.kill(`protocol: ${broken}`);
    }
  } catch (err) {
    if (!(err instanceof LineTooLongError)) throw err;
    r.kill(err.message);
  }
}

export async function runQueryProcess(opts: QuerySpawn): Promise<QueryOutcome> {
  const out = emptyQueryFields();
  const state: QueryReadState = { done: false, error: null };
  let interrupted = false;
  const t0 = monotonicMs();
  const [file, ...args] = opts.command;
  const child = execa(file, [...args, opts.workloadPath], {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: { file: opts.stderrPath },
    buffer: false,
    reject: false,
    detached: true, // its own process group, killed as a whole
    cleanup: true,
  });
  let failure: string | null = null;
  const kill = (why: string) => {
    failure ??= why;
    if (child.pid) killTree(child.pid, []);
  };
  const timer = setTimeout(() => kill(`still running after ${opts.timeoutMs / 1000} s (--timeout); process tree killed`), opts.timeoutMs);
  const onAbort = () => {
    interrupted = true;
    kill('interrupted (Ctrl-C)');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  await readEvents(child.stdout!, { out, state, want: opts.expect, failure: () => failure, kill, onStage: opts.onStage });
  const result = await child;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  failure ??= state.error;
  if (!failure && !state.done) failure = `exited with ${result.exitCode ?? result.signal} without a done event`;
  if (!failure && result.exitCode !== 0) failure = `exited with ${result.exitCode} after done`;
  return { ...out, status: failure ? 'failed' : 'ok', failure, wallMs: monotonicMs() - t0, interrupted };
}
