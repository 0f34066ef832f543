import { processTree, readStat } from '../measure/proc.js';

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Still the same process (not a reused pid)? */
function isSame(p: { pid: number; startTime: number }): boolean {
  return readStat(p.pid)?.startTime === p.startTime;
}

/**
 * Kills a pipeline's whole process tree with SIGKILL: its process group (pipelines are spawned as
 * group leaders, so orphaned grandchildren keep that group), every live descendant of the root
 * found in /proc (in case one started its own group), and every process seen in the tree
 * earlier that is still alive (checked by start time, so a reused pid is never hit).
 */
export function killTree(rootPid: number, seen: Array<{ pid: number; startTime: number }>): void {
  const root = seen.find((p) => p.pid === rootPid);
  const rootAlive = root ? isSame(root) : false; // never seen: cannot tell it from a reused pid
  const targets = new Set<number>(rootAlive ? processTree(rootPid) : []);
  for (const p of seen) if (isSame(p)) targets.add(p.pid);
  signal(-rootPid, 'SIGKILL');
  for (const pid of targets) signal(pid, 'SIGKILL');
}
