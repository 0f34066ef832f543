import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks of USER_HZ, which is 100 on every mainstream architecture. */
const TICK_MS = 10;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** R, S, D, Z (zombie: exited, not yet reaped), ... */
  state: string;
  /** CPU of the process itself, ms. */
  userMs: number;
  systemMs: number;
  /** CPU of its children that it has waited for, ms. */
  childUserMs: number;
  childSystemMs: number;
  /** Start time after boot, in ticks: with the pid, identifies a process even after pid reuse. */
  startTime: number;
}

export interface ProcMemory {
  rssBytes: number;
  hwmBytes: number;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process is gone (or never existed)
  }
}

/** /proc/PID/stat; the command name (field 2) may contain spaces and parentheses, so split after the last ')'. */
export function readStat(pid: number): ProcStat | null {
  const text = readOrNull(`/proc/${pid}/stat`);
  if (!text) return null;
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): ppid = field 4, utime..cstime = fields 14..17.
  return {
    pid,
    ppid: Number(f[1]),
    state: f[0],
    userMs: Number(f[11]) * TICK_MS,
    systemMs: Number(f[12]) * TICK_MS,
    childUserMs: Number(f[13]) * TICK_MS,
    childSystemMs: Number(f[14]) * TICK_MS,
    startTime: Number(f[19]),
  };
}

/** VmRSS and VmHWM (the process's own resident peak) from /proc/PID/status; null for a gone process or a zombie. */
export function readMemory(pid: number): ProcMemory | null {
  const text = readOrNull(`/proc/${pid}/status`);
  if (!text) return null;
  const kb = (key: string) => {
    const m = text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) * 1024 : null;
  };
  const rss = kb('VmRSS');
  if (rss === null) return null;
  return { rssBytes: rss, hwmBytes: kb('VmHWM') ?? rss };
}

/** Direct children of every thread of pid (children are filed under the thread that forked them). */
export function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tasks) {
    const text = readOrNull(`/proc/${pid}/task/${tid}/children`);
    if (text) for (const c of text.trim().split(/\s+/)) if (c) out.push(Number(c));
  }
  return out;
}

/** pid and all its descendants, as they are right now. */
export function processTree(rootPid: number): number[] {
  const out: number[] = [];
  const queue = [rootPid];
  const seen = new Set<number>();
  while (queue.length) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    if (readOrNull(`/proc/${pid}/stat`) === null) continue;
    out.push(pid);
    queue.push(...childPids(pid));
  }
  return out;
}

/**
 * How many processes the kernel's OOM killer has killed since boot (/proc/vmstat `oom_kill`,
 * global and cgroup OOMs alike); null where the kernel does not say.
 */
export function oomKillCount(): number | null {
  const m = readOrNull('/proc/vmstat')?.match(/^oom_kill (\d+)$/m);
  return m ? Number(m[1]) : null;
}

/** Alive = exists and is not a zombie (a killed process lingers as a zombie until its parent reaps it). */
export function isAlive(pid: number): boolean {
  const s = readStat(pid);
  return s !== null && s.state !== 'Z' && s.state !== 'X';
}
