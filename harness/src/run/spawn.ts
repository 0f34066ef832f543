import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { TreeSampler } from '../measure/sampler.js';
import type { IterationFailure, ResourceUsage } from '../types.js';
import { killTree } from './kill.js';
import { monotonicMs, parseProtocolLine, ProtocolError, ProtocolTracker, type ProtocolEvent } from './protocol.js';

export interface SpawnOptions {
  command: string[];
  workloadPath: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  sampleIntervalMs: number;
  /** The pipeline's stderr goes here (kept for the user, tail quoted in failures). */
  stderrPath: string;
  signal?: AbortSignal;
  onEvent?: (ev: ProtocolEvent) => void;
  /** Called once the child exists (to start sampling other processes alongside, e.g. the store). */
  onSpawn?: (pid: number) => void;
}

export interface ProcessOutcome {
  tracker: ProtocolTracker;
  /** Spawn to exit, as measured by the harness. */
  wallMs: number;
  exitCode: number | null;
  signal: string | null;
  /** null = the run succeeded (done + exit 0). */
  failure: IterationFailure | null;
  resources: ResourceUsage | null;
  /** True when the run ended because the signal aborted it (Ctrl-C). */
  interrupted: boolean;
}

function stderrTail(file: string, max = 600): string {
  try {
    const size = statSync(file).size;
    const text = readFileSync(file, 'utf8').slice(Math.max(0, size - max * 4));
    const tail = text.trim().split('\n').slice(-6).join('\n');
    return tail.length > max ? tail.slice(-max) : tail;
  } catch {
    return '';
  }
}

/**
 * Runs one pipeline process: `<command...> <workload>`, its own process group, stdout parsed as
 * protocol lines, the tree sampled from /proc, killed as a whole on timeout, protocol error or abort.
 */
export async function runPipelineProcess(opts: SpawnOptions): Promise<ProcessOutcome> {
  const [file, ...args] = opts.command;
  const spawnedAt = monotonicMs();
  const tracker = new ProtocolTracker(spawnedAt);
  let failure: IterationFailure | null = null;
  let interrupted = false;

  const child = execa(file, [...args, opts.workloadPath], {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: { file: opts.stderrPath },
    buffer: false,
    reject: false,
    detached: true, // own process group: Ctrl-C in the terminal reaches the harness only, which kills the tree
    cleanup: true,
    windowsHide: true,
  });

  const pid = child.pid;
  const sampler = pid ? new TreeSampler(pid, opts.sampleIntervalMs).start() : null;
  if (pid) opts.onSpawn?.(pid);
  const kill = (reason: IterationFailure) => {
    failure ??= reason;
    if (pid) killTree(pid, sampler?.seenProcesses() ?? []);
  };

  const timer = setTimeout(
    () => kill({ kind: 'timeout', message: `still running after ${opts.timeoutMs / 1000} s (--timeout); process tree killed`, timeoutMs: opts.timeoutMs }),
    opts.timeoutMs,
  );
  const onAbort = () => {
    interrupted = true;
    kill({ kind: 'interrupted', message: 'interrupted (Ctrl-C)' });
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  const lines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
  const reading = (async () => {
    for await (const line of lines) {
      if (failure) continue; // drain after a kill
      if (line.trim() === '') continue;
      try {
        const ev = parseProtocolLine(line);
        tracker.accept(ev);
        opts.onEvent?.(ev);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        kill({ kind: 'protocol', message: err.message });
      }
    }
  })();

  let result;
  try {
    result = await child;
    await reading;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const wallMs = monotonicMs() - spawnedAt;
  // Leave nothing behind: a pipeline's helpers still running after it exited are killed too.
  if (pid) killTree(pid, sampler?.seenProcesses() ?? []);
  const resources = sampler ? sampler.stop() : null;

  const exitCode = result.exitCode ?? null;
  const signal = result.signal ?? null;
  failure ??= exitFailure(pid, file, result.message, exitCode, signal, tracker, opts.stderrPath);
  return { tracker, wallMs, exitCode, signal, failure, resources, interrupted };
}

/** The outcome of a process the harness did not kill: null when it said `done` and exited 0. */
function exitFailure(
  pid: number | undefined,
  file: string,
  spawnMessage: string | undefined,
  exitCode: number | null,
  signal: string | null,
  tracker: ProtocolTracker,
  stderrPath: string,
): IterationFailure | null {
  if (!pid) return { kind: 'spawn', message: `could not start ${file}: ${spawnMessage ?? 'spawn failed'}` };
  if (tracker.error) {
    const stage = tracker.error.stage;
    return { kind: 'error-event', stage, message: `pipeline error${stage ? ` in ${stage}` : ''}: ${tracker.error.message}` };
  }
  if (exitCode !== 0) {
    const how = signal ? `killed by ${signal}` : `exit code ${exitCode}`;
    const tail = stderrTail(stderrPath);
    return { kind: 'crash', exitCode, signal, message: `crashed (${how}) ${tracker.done ? 'after' : 'before'} "done"${tail ? `; stderr: ${tail}` : ''}` };
  }
  if (!tracker.done) return { kind: 'protocol', message: 'exited with code 0 without a "done" event' };
  return null;
}
