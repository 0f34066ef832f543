/** The soak's report: what `npm run soak` prints as a table and writes as soak.json. */
import type { LeakDiff, LeakSnapshot } from './leaks.js';
import type { IterationReading } from './recorder.js';
import type { SlopeFit } from './slope.js';

/** One pass/fail line; `exitCheck: false` is a target that is reported but does not set the exit code. */
export interface SoakCheck {
  name: string;
  passed: boolean;
  detail: string;
  exitCheck: boolean;
}

export interface StoreMemory {
  pid: number;
  /** VmRSS once the store is ready, before the first iteration. */
  startRssBytes: number | null;
  /** VmRSS after the first iteration: the one-time growth of a first collection (thread pools, arenas) apart from the rest. */
  afterFirstRssBytes: number | null;
  /** VmHWM at the end: the kernel's exact resident peak since the store started. */
  peakRssBytes: number | null;
  /** VmRSS `settleMs` after the run dropped its last collection. */
  endRssBytes: number | null;
  settleMs: number;
  /**
   * The start and end RSS split (RssAnon, RssFile): anonymous memory is what the store
   * allocates and can give back; file-backed is mostly its binary's code, paged in the first
   * time a code path runs and counted in RSS from then on (clean pages the kernel may drop).
   */
  startAnonBytes: number | null;
  endAnonBytes: number | null;
  startFileBytes: number | null;
  endFileBytes: number | null;
  /** (end - start) / start. */
  endVsStart: number | null;
  /** The target: end within this fraction of start (0.1). */
  targetFraction: number;
}

export interface SoakReport {
  kind: 'soak';
  version: 1;
  runId: string;
  runDir: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  pipelines: string[];
  warmupPerPipeline: number;
  iterationsPerPipeline: number;
  /** Iterations run (pipeline processes), in order. */
  iterationsRun: number;
  failedIterations: number;
  /** The bench run's own exit code (0 all iterations ok and verified). */
  runExitCode: number;
  harness: {
    /** The slope of the harness's RSS after a full GC, per iteration (one pipeline process). */
    rss: SlopeFit | null;
    /** The same for the V8 heap in use (after a full GC): JavaScript objects kept. */
    heapUsed: SlopeFit | null;
    /** The same for the pages V8 holds for its heap (total_physical_size): the in-use heap plus its free room. */
    heapCommitted: SlopeFit | null;
    /** The same for RSS minus those pages: what grows outside V8's heap (malloc, V8's pooled pages, mapped files). */
    outsideHeap: SlopeFit | null;
    /** "Flat within noise": the interval reaches 0, or its upper end is below this (KiB per iteration). */
    boundKiB: number;
    /** The JSON size of one iteration's result (mean): what the run keeps per iteration by design. */
    resultJsonBytesPerIteration: number;
  };
  store: StoreMemory & { rss: SlopeFit | null };
  leaks: LeakDiff[];
  /** What each snapshot held, for the reader (fds as their kind or path). */
  snapshots: { before: LeakSnapshot; after: LeakSnapshot };
  /** The os.tmpdir() of the run (a fresh dir, so other processes on the machine do not count). */
  tmpDir: string;
  checks: SoakCheck[];
  readings: IterationReading[];
}
