/** What a pipeline process the harness did not kill ended with: its failure, or null for `done` + exit 0. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { LauncherReport } from '../measure/launcher.js';
import type { IterationFailure, ResourceUsage } from '../types.js';
import type { ProtocolTracker } from './protocol.js';

/** The last lines of the stderr log, read from its end only (a pipeline may have written gigabytes). */
export function stderrTail(file: string, max = 600): string {
  try {
    const size = statSync(file).size;
    const length = Math.min(size, max * 4);
    const buffer = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    const tail = buffer.toString('utf8').trim().split('\n').slice(-6).join('\n');
    return tail.length > max ? tail.slice(-max) : tail;
  } catch {
    return '';
  }
}

export interface ProcessEnd {
  /** The launcher's pid; undefined when even the launcher could not start. */
  pid: number | undefined;
  file: string;
  spawnMessage: string | undefined;
  launched: LauncherReport | null;
  exitCode: number | null;
  signal: string | null;
  tracker: ProtocolTracker;
  stderrPath: string;
  resources: ResourceUsage | null;
  /** Processes the kernel's OOM killer killed during the iteration (anywhere on the machine). */
  oomKills: number;
}

export function exitFailure(end: ProcessEnd): IterationFailure | null {
  const { pid, file, launched, exitCode, signal, tracker } = end;
  if (!pid) return { kind: 'spawn', message: `could not start ${file}: ${end.spawnMessage ?? 'spawn failed'}` };
  if (launched?.execError) return { kind: 'spawn', message: `could not start ${file}: ${launched.execError}` };
  const failed = exitCode !== 0 || !tracker.done;
  if (failed && end.oomKills > 0) return outOfMemory(end);
  if (tracker.error) {
    const stage = tracker.error.stage;
    return { kind: 'error-event', stage, message: `pipeline error${stage ? ` in ${stage}` : ''}: ${tracker.error.message}` };
  }
  if (exitCode !== 0) {
    const how = signal ? `killed by ${signal}` : `exit code ${exitCode}`;
    const tail = stderrTail(end.stderrPath);
    return { kind: 'crash', exitCode, signal, message: `crashed (${how}) ${tracker.done ? 'after' : 'before'} "done"${tail ? `; stderr: ${tail}` : ''}` };
  }
  if (!tracker.done) return { kind: 'protocol', message: 'exited with code 0 without a "done" event' };
  return null;
}

/** The kernel's OOM killer acted (a cgroup limit or the whole machine) and the pipeline died. */
function outOfMemory({ signal, exitCode, resources }: ProcessEnd): IterationFailure {
  const peakRssBytes = resources?.peakRssBytes ?? null;
  const peak = peakRssBytes !== null ? `; peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB` : '';
  const message =
    signal === 'SIGKILL'
      ? `out of memory: the kernel's OOM killer killed the pipeline${peak}`
      : `out of memory: the kernel's OOM killer killed a process of the pipeline's tree, then it ${signal ? `died of ${signal}` : `exited with code ${exitCode}`}${peak}`;
  return { kind: 'out-of-memory', message, peakRssBytes };
}
