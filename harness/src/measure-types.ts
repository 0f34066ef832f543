/**
 * What one iteration measured, as summary.json and iterations.jsonl hold it (re-exported by
 * types.ts, the schema's entry): resource use of the pipeline's tree and of the store, stage
 * timings with busy and exposed time, how stages overlapped, the store's write counts, and
 * where a pipeline's wall time went.
 */
import type { Stage } from './types.js';

/** Resource use of a process tree, from /proc sampling and the launcher's wait4. */
export interface ResourceUsage {
  /**
   * Peak resident memory, bytes: the largest of the sampled sum over the whole tree and every
   * process's own exact peak (VmHWM at its last sample; wait4's ru_maxrss for the pipeline).
   */
  peakRssBytes: number;
  /** Peak of the summed RSS of the whole tree as sampled every `sampleIntervalMs` (misses short spikes). */
  sampledPeakRssBytes?: number;
  /** Max over processes of their own exact peak (VmHWM, ru_maxrss), bytes. */
  maxProcessHwmBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** [ms since spawn, tree RSS bytes], sampled every `sampleIntervalMs`. */
  rssTimeline: Array<[number, number]>;
  sampleIntervalMs: number;
}

/**
 * The embedded store's own use during one iteration (pipeline fork to exit). CPU is the delta of
 * its counters over the iteration (not since the server started); peakRssBytes is its largest
 * sampled RSS in that window (its VmHWM is since the server started, so it is not used).
 */
export interface StoreUsage extends ResourceUsage {
  /** Its RSS at the first sample of the iteration, bytes. */
  rssStartBytes: number;
  /** Its RSS at the last sample minus the first: what the iteration left resident in the store. */
  rssGrowthBytes: number;
}

export interface StageTiming {
  stage: Stage;
  /** Span from its start event to its end event (startup: spawn to `ready`). */
  wallMs: number;
  /** Time spent in the stage itself (differs from wallMs when stages overlap). */
  busyMs: number;
  /**
   * The part of the wall time this stage is on the critical path (run/exposed.ts). The stages'
   * exposed times plus "other" (teardown, gaps) add up to the iteration's wall time.
   */
  exposedMs?: number;
}

/**
 * Stages that overlapped: `interleaved` (one thread alternates: embed a batch, upsert it) or
 * `concurrent` (two things at once, e.g. batch k upserted while k+1 is embedded).
 */
export interface OverlapGroup {
  stages: Stage[];
  kind: 'interleaved' | 'concurrent';
}

/** Where a pipeline's wall time went (the stage chart): parts that add up to the median wall time. */
export interface TimeBreakdown {
  /** Median exposed time of each stage that ran. */
  exposedMs: Partial<Record<Stage, number>>;
  /** Median wall time minus the stages' exposed medians (gaps between stages, teardown; never below 0). */
  otherMs: number;
  wallMs: number;
}

/** Writes a collection received, with `wait=true` and without (qdrant-local counts them). */
export interface WriteCounts {
  waiting: number;
  nonWaiting: number;
}
