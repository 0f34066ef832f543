import type { ResourceUsage } from '../types.js';
import { processTree, readMemory, readStat, type ProcStat } from './proc.js';

/**
 * Samples a process tree from /proc every `intervalMs`: the summed RSS of the whole tree (its
 * timeline and peak), each process's own VmHWM, and CPU time. Each pid's last-seen CPU counters
 * are kept, so processes that exit between samples still count. Deliberately not
 * getrusage(RUSAGE_CHILDREN)/ru_maxrss: those report the largest child ever and can inherit the
 * parent's resident size across fork/exec.
 */
export class TreeSampler {
  private readonly lastStat = new Map<number, ProcStat>();
  private readonly hwm = new Map<number, number>();
  private readonly timeline: Array<[number, number]> = [];
  private peakRss = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly t0 = performance.now();

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 10,
    /** Only the root, not its descendants (for the store, whose tree is itself). */
    private readonly includeDescendants = true,
  ) {}

  start(): this {
    this.sample();
    this.schedule(1);
    return this;
  }

  /** Sample k is due at t0 + k * interval: scheduling against the clock keeps timer lateness from piling up. */
  private schedule(k: number): void {
    const due = this.t0 + k * this.intervalMs;
    this.timer = setTimeout(() => {
      this.sample();
      // If we fell behind (a busy event loop), skip the missed slots rather than bursting.
      const next = Math.max(k + 1, Math.ceil((performance.now() - this.t0) / this.intervalMs));
      if (this.timer) this.schedule(next);
    }, Math.max(0, due - performance.now()));
    this.timer.unref?.();
  }

  /** One sample now; safe to call at any time. */
  sample(): void {
    const pids = this.includeDescendants ? processTree(this.rootPid) : [this.rootPid];
    let treeRss = 0;
    let seen = 0;
    for (const pid of pids) {
      const mem = readMemory(pid);
      const stat = readStat(pid);
      if (stat) this.lastStat.set(pid, stat);
      if (!mem) continue;
      seen++;
      treeRss += mem.rssBytes;
      this.hwm.set(pid, Math.max(this.hwm.get(pid) ?? 0, mem.hwmBytes));
    }
    if (seen === 0) return; // the tree is gone: no sample rather than a fake zero
    this.peakRss = Math.max(this.peakRss, treeRss);
    this.timeline.push([Math.round((performance.now() - this.t0) * 10) / 10, treeRss]);
  }

  /** Every process seen in the tree so far (pid + start time, safe against pid reuse). */
  seenProcesses(): Array<{ pid: number; startTime: number }> {
    return [...this.lastStat.values()].map((s) => ({ pid: s.pid, startTime: s.startTime }));
  }

  /** Stops sampling and returns the figures. */
  stop(): ResourceUsage {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { userMs, systemMs } = this.cpu();
    return {
      peakRssBytes: this.peakRss,
      maxProcessHwmBytes: Math.max(0, ...this.hwm.values()),
      cpuUserMs: userMs,
      cpuSystemMs: systemMs,
      rssTimeline: this.timeline,
      sampleIntervalMs: this.intervalMs,
    };
  }

  /**
   * Sum of every seen process's own CPU, plus the CPU of children that exited unseen (between
   * samples): a parent's cutime/cstime covers all its waited-for children, so what it holds beyond
   * the seen children we already counted is the unseen ones.
   */
  private cpu(): { userMs: number; systemMs: number } {
    let userMs = 0;
    let systemMs = 0;
    for (const s of this.lastStat.values()) {
      userMs += s.userMs;
      systemMs += s.systemMs;
      if (!this.includeDescendants) continue;
      let seenChildUser = 0;
      let seenChildSystem = 0;
      for (const c of this.lastStat.values()) {
        // Only exited children can be in the parent's cutime/cstime.
        if (c.ppid !== s.pid || c.pid === s.pid || readStat(c.pid) !== null) continue;
        seenChildUser += c.userMs + c.childUserMs;
        seenChildSystem += c.systemMs + c.childSystemMs;
      }
      userMs += Math.max(0, s.childUserMs - seenChildUser);
      systemMs += Math.max(0, s.childSystemMs - seenChildSystem);
    }
    return { userMs, systemMs };
  }
}
