import type { StoreUsage } from '../types.js';
import { TreeSampler } from './sampler.js';

/**
 * The store's own use over one iteration: the server runs for the whole bench, so its counters
 * are read when the iteration starts and subtracted at its end, and its peak is the sampled
 * RSS within the iteration (its VmHWM would be since the server started).
 */
export class StoreSampler {
  private readonly sampler: TreeSampler;

  constructor(pid: number, intervalMs: number) {
    this.sampler = new TreeSampler(pid, { intervalMs, includeDescendants: false, walkEveryMs: Number.POSITIVE_INFINITY });
  }

  start(): this {
    this.sampler.start();
    return this;
  }

  stop(): StoreUsage {
    const before = this.sampler.cpuAtStart();
    const after = this.sampler.stop();
    const rss = this.sampler.rssRange();
    const peak = after.sampledPeakRssBytes ?? 0;
    // Every field written out, no `{ ...after, overrides }`: V8 gave each such copy a map of its
    // own (1991 distinct maps in 2000 copies), and a run keeps one per iteration (npm run soak).
    return {
      peakRssBytes: peak,
      sampledPeakRssBytes: after.sampledPeakRssBytes,
      maxProcessHwmBytes: peak,
      cpuUserMs: Math.max(0, after.cpuUserMs - before.userMs),
      cpuSystemMs: Math.max(0, after.cpuSystemMs - before.systemMs),
      rssTimeline: after.rssTimeline,
      sampleIntervalMs: after.sampleIntervalMs,
      rssStartBytes: rss?.first ?? 0,
      rssGrowthBytes: rss ? rss.last - rss.first : 0,
    };
  }
}
