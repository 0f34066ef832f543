import type { ResourceUsage } from '../types.js';
import { processTree, readMemory, readStat, type ProcStat } from './proc.js';

export interface SamplerOptions {
  /** Memory is read every this many ms (default 100). */
  intervalMs?: number;
  /**
   * The tree is re-walked for new processes (and CPU counters read) every this many ms (default
   * 250). Walking costs ~0.3 ms of CPU for a 15-thread process (every thread's `children` file);
   * in between only the known pids' `status` is read (~0.05 ms each).
   */
  walkEveryMs?: number;
  /** Only the root, not its descendants (for the store, whose tree is itself). */
  includeDescendants?: boolean;
  /** The root is bench-launcher: its descendants are the measured tree; its own RSS and CPU are left out. */
  rootIsLauncher?: boolean;
}

/**
 * Samples a process tree from /proc: the summed RSS of the whole tree (its timeline and peak),
 * each process's own VmHWM (its exact resident peak, read at its last sample), and CPU time.
 * Each pid's last-seen counters are kept, so processes that exit between samples still count.
 * The reported peak is the larger of the sampled tree sum and every process's VmHWM: a spike
 * shorter than the interval is missed by the sum but not by the kernel's high-water mark.
 */
export class TreeSampler {
  private readonly lastStat = new Map<number, ProcStat>();
  private readonly hwm = new Map<number, number>();
  /** Pids read at every sample; pruned when they are gone. */
  private readonly live = new Set<number>();
  private readonly timeline: Array<[number, number]> = [];
  private sampledPeak = 0;
  private firstRss: number | null = null;
  private lastRss: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly t0 = performance.now();
  private lastWalk = -Infinity;
  /** How many times the tree was walked and memory read (the sampler's own cost, for tests and diagnostics). */
  readonly counts = { walks: 0, samples: 0 };
  private startCpu: { userMs: number; systemMs: number } | null = null;
  private readonly intervalMs: number;
  private readonly walkEveryMs: number;
  private readonly includeDescendants: boolean;
  private readonly rootIsLauncher: boolean;

  constructor(
    private readonly rootPid: number,
    options: SamplerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    this.walkEveryMs = options.walkEveryMs ?? 250;
    this.includeDescendants = options.includeDescendants ?? true;
    this.rootIsLauncher = options.rootIsLauncher ?? false;
  }

  start(): this {
    this.sample();
    this.startCpu = this.cpu();
    this.schedule(1);
    return this;
  }

  /** CPU counters of the tree when sampling started (the store's CPU before an iteration). */
  cpuAtStart(): { userMs: number; systemMs: number } {
    return this.startCpu ?? { userMs: 0, systemMs: 0 };
  }

  /** Sample k is due at t0 + k * interval: scheduling against the clock keeps timer lateness from piling up. */
  private schedule(k: number): void {
    const due = this.t0 + k * this.intervalMs;
    this.timer = setTimeout(
      () => {
        this.sample();
        // If we fell behind (a busy event loop), skip the missed slots rather than bursting.
        const next = Math.max(k + 1, Math.ceil((performance.now() - this.t0) / this.intervalMs));
        if (this.timer) this.schedule(next);
      },
      Math.max(0, due - performance.now()),
    );
    this.timer.unref?.();
  }

  /** Finds new processes of the tree and reads every known one's CPU counters. */
  private walk(): void {
    this.lastWalk = performance.now();
    this.counts.walks++;
    const pids = this.includeDescendants ? processTree(this.rootPid) : [this.rootPid];
    for (const pid of pids) this.live.add(pid);
    for (const pid of this.live) {
      const stat = readStat(pid);
      if (stat) this.lastStat.set(pid, stat);
    }
  }

  /** One sample now; safe to call at any time. */
  sample(): void {
    if (performance.now() - this.lastWalk >= this.walkEveryMs) this.walk();
    this.counts.samples++;
    let treeRss = 0;
    let seen = 0;
    for (const pid of this.live) {
      if (this.rootIsLauncher && pid === this.rootPid) continue; // not measured: its wait4 report is read instead
      const mem = readMemory(pid);
      if (!mem) {
        this.live.delete(pid); // exited: its last counters stay
        continue;
      }
      this.hwm.set(pid, Math.max(this.hwm.get(pid) ?? 0, mem.hwmBytes));
      seen++;
      treeRss += mem.rssBytes;
    }
    if (seen === 0) return; // the tree is gone (or not started yet): no sample rather than a fake zero
    this.sampledPeak = Math.max(this.sampledPeak, treeRss);
    this.firstRss ??= treeRss;
    this.lastRss = treeRss;
    this.timeline.push([Math.round((performance.now() - this.t0) * 10) / 10, treeRss]);
  }

  /** Every process seen in the tree so far (pid + start time, safe against pid reuse). */
  seenProcesses(): Array<{ pid: number; startTime: number }> {
    return [...this.lastStat.values()].map((s) => ({ pid: s.pid, startTime: s.startTime }));
  }

  /** RSS of the first and the last sample (null before any): the store's growth over an iteration. */
  rssRange(): { first: number; last: number } | null {
    return this.firstRss === null || this.lastRss === null ? null : { first: this.firstRss, last: this.lastRss };
  }

  /** Stops sampling (after a last sample, with fresh CPU counters of what is still alive) and returns the figures. */
  stop(): ResourceUsage {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastWalk = -Infinity;
    this.sample();
    const { userMs, systemMs } = this.cpu();
    const maxHwm = Math.max(0, ...this.hwm.values());
    return {
      peakRssBytes: Math.max(this.sampledPeak, maxHwm),
      sampledPeakRssBytes: this.sampledPeak,
      maxProcessHwmBytes: maxHwm,
      cpuUserMs: userMs,
      cpuSystemMs: systemMs,
      rssTimeline: this.timeline,
      sampleIntervalMs: this.intervalMs,
    };
  }

  /**
   * Sum of every seen process's own CPU, plus the CPU of children that exited unseen (between
   * walks): a parent's cutime/cstime covers all its waited-for children, so what it holds beyond
   * the seen children we already counted is the unseen ones. The launcher's own CPU is left out
   * (its children's, the pipeline's, comes from its wait4 report instead).
   */
  private cpu(): { userMs: number; systemMs: number } {
    let userMs = 0;
    let systemMs = 0;
    for (const s of this.lastStat.values()) {
      if (this.rootIsLauncher && s.pid === this.rootPid) continue;
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
