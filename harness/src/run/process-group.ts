/**
 * What every pipeline process shares, whatever its job (index: spawn.ts; query, tokenize:
 * job-process.ts): it is started in its own process group, with stdout piped and stderr written
 * to a file, and it is stopped as a whole on a timeout or an abort, the first reason kept.
 */
import { execa } from 'execa';

export interface GroupSpawn {
  cwd: string;
  env: Record<string, string>;
  /** The pipeline's stderr goes here (kept for the user). */
  stderrPath: string;
}

/** Starts `file args...` as the leader of its own process group, stdout read as a stream. */
export function spawnInGroup(file: string, args: string[], opts: GroupSpawn) {
  return execa(file, args, {
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
}

/** Why a process was stopped: the first reason is kept; every stop kills again (the tree may have grown). */
export class Stopper<Reason> {
  reason: Reason | null = null;
  /** True when the abort signal stopped it (Ctrl-C). */
  interrupted = false;

  constructor(private readonly killTree: () => void) {}

  stop(reason: Reason): void {
    this.reason ??= reason;
    this.killTree();
  }
}

export const timeoutMessage = (timeoutMs: number) => `still running after ${timeoutMs / 1000} s (--timeout); process tree killed`;
export const INTERRUPTED_MESSAGE = 'interrupted (Ctrl-C)';

/**
 * Stops the process once it runs past `timeoutMs`, or when the signal aborts (at once if it
 * already has). Returns the disarm, to call when the process has ended.
 */
export function stopOnTimeoutOrAbort<Reason>(
  stopper: Stopper<Reason>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  reasons: { timeout: Reason; interrupted: Reason },
): () => void {
  const timer = setTimeout(() => stopper.stop(reasons.timeout), timeoutMs);
  const onAbort = () => {
    stopper.interrupted = true;
    stopper.stop(reasons.interrupted);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}
