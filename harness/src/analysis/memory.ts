/**
 * The memory workload's analysis (claim 5: "no creeping memory, no garbage-collector pauses"):
 * per pipeline process, the RSS timeline's slope after warm-up with its Newey-West interval
 * (stats/trend.ts, the soak's fit) and the per-pass embed latency's p50, p99 and max / p50, then
 * claim 5's verdict by the rule stated in RULE. Pure: no I/O.
 */
import type { MemoryAnalysis, MemoryBatch, MemoryLatency, MemoryPipelineResult, MemoryProcess, MemoryRss, MemoryTrend } from '../memory-types.js';
import { quantileSorted } from '../stats/index.js';
import { trendFit } from '../stats/trend.js';
import type { ClaimVerdict, PipelineSpec } from '../types.js';

/** Growth per 10 minutes of indexing, as a share of the RSS at the window's start, that counts as creeping. */
export const GROWTH_BOUND = 0.05;
/** The minutes GROWTH_BOUND is given per. */
export const GROWTH_MINUTES = 10;
/** max / p50 of the per-pass time at or above which a pipeline paused. */
export const PAUSE_BOUND = 2;
/** Fewest passes after warm-up for a latency distribution (p99 of fewer is the max). */
const MIN_PASSES = 5;
const MiB = 1024 * 1024;

export const RULE =
  `Claim 5 holds when every Rust pipeline of the run is flat and steady: flat = the 95% interval of its RSS slope after warm-up lies under ${GROWTH_BOUND * 100}% of its RSS at the window's start per ${GROWTH_MINUTES} minutes (a long-running process would grow that much); ` +
  `steady = no pass after warm-up took ${PAUSE_BOUND}x the median time per 1,000 tokens (max / p50 < ${PAUSE_BOUND}). ` +
  `It does not hold when a Rust pipeline creeps (the interval's lower end is at or above that rate) or pauses; otherwise (an interval too wide to tell, no Rust pipeline) it is inconclusive. ` +
  'The other pipelines are measured the same way beside it, as the contrast the claim draws (garbage-collected runtimes), but not judged.';

export const METHOD =
  "RSS: the pipeline's process tree sampled from /proc every sample interval; the window runs from the end of the warm-up passes to the last pass; the slope is the least-squares line of RSS on time in it, with a 95% Newey-West interval (successive samples are correlated). " +
  "Latency: the pipeline's own per-pass times (batch events: tokenizer start to normalised vectors), divided by the pass's tokens (per 1,000) so that long and short texts compare; p99 by linear interpolation. One process per pipeline: the figures describe that run, not a population of runs.";

/** The run's settings as the analysis reports them (memory-types.ts defines them), and what it analyses. */
export interface MemoryAnalysisInput extends Pick<MemoryAnalysis, 'repeat' | 'files' | 'bytes' | 'threads' | 'mode' | 'warmupFraction'> {
  processes: MemoryProcess[];
  pipelines: PipelineSpec[];
  notImplemented: PipelineSpec[];
}

/** The window after warm-up, ms since spawn: from the last warm-up pass's end (or the embed stage's start) to the last pass's end. */
export function windowOf(p: MemoryProcess, warmupPasses: number): { startMs: number; endMs: number } | null {
  const b = p.batches;
  if (b.length > 0) {
    const startMs = warmupPasses > 0 ? b[warmupPasses - 1].endMs : (p.embedStartMs ?? b[0].endMs - b[0].ms);
    const endMs = b[b.length - 1].endMs;
    return endMs > startMs ? { startMs, endMs } : null;
  }
  // no batch events (a pipeline that does not write them): the whole embed stage
  if (p.embedStartMs === null || p.embedEndMs === null || p.embedEndMs <= p.embedStartMs) return null;
  return { startMs: p.embedStartMs, endMs: p.embedEndMs };
}

/** Flat, creeps or inconclusive: the slope interval (MiB/min) against GROWTH_BOUND of the start RSS per GROWTH_MINUTES. */
export function memoryTrend(low: number, high: number, startMiB: number): MemoryTrend {
  const bound = (GROWTH_BOUND * startMiB) / GROWTH_MINUTES;
  if (low >= bound) return 'creeps';
  if (high < bound) return 'flat';
  return 'inconclusive';
}

/** The RSS line in the window; null with fewer than 5 samples in it. */
export function rssInWindow(p: MemoryProcess, window: { startMs: number; endMs: number }): MemoryRss | null {
  const points = p.rssTimeline.filter(([t]) => t >= window.startMs && t <= window.endMs).map(([t, bytes]) => ({ x: t / 60_000, y: bytes / MiB }));
  const fit = trendFit(points);
  if (!fit) return null;
  const [x0, x1] = [window.startMs / 60_000, window.endMs / 60_000];
  const startMiB = fit.intercept + fit.slope * x0;
  return {
    samples: fit.n,
    startBytes: startMiB * MiB,
    endBytes: (fit.intercept + fit.slope * x1) * MiB,
    peakBytes: p.peakRssBytes,
    slopeMiBPerMin: { value: fit.slope, ciLow: fit.low, ciHigh: fit.high, level: fit.level, method: 'ols-newey-west' },
    growthShareHigh: (Math.max(0, fit.high) * GROWTH_MINUTES) / startMiB,
    trend: memoryTrend(fit.low, fit.high, startMiB),
  };
}

/** p50, p99, max of the passes' time per 1,000 tokens (per text when no pass has tokens: stub mode); null below 5 passes. */
export function passLatency(passes: MemoryBatch[]): MemoryLatency | null {
  if (passes.length < MIN_PASSES) return null;
  const perToken = passes.every((b) => b.tokens > 0);
  const times = passes.map((b) => (perToken ? (b.ms / b.tokens) * 1000 : b.ms / b.size)).sort((a, b) => a - b);
  const raw = passes.map((b) => b.ms).sort((a, b) => a - b);
  const p50 = quantileSorted(times, 0.5);
  const p99 = quantileSorted(times, 0.99);
  const max = times[times.length - 1];
  return {
    unit: perToken ? 'ms per 1,000 tokens' : 'ms per text',
    passes: passes.length,
    p50,
    p99,
    max,
    p99OverP50: p99 / p50,
    maxOverP50: max / p50,
    rawP50Ms: quantileSorted(raw, 0.5),
    rawMaxMs: raw[raw.length - 1],
    trend: max / p50 >= PAUSE_BOUND ? 'pauses' : 'steady',
  };
}

export function analysePipeline(p: MemoryProcess, warmupFraction: number): MemoryPipelineResult {
  const batches = [...p.batches].sort((a, b) => a.index - b.index);
  const warmupPasses = Math.floor(warmupFraction * batches.length);
  const notes: string[] = [];
  if (p.status === 'failed') notes.push(`the process failed: ${p.failure ?? 'unknown'}`);
  if (batches.length === 0)
    notes.push('no batch events: the pipeline does not report its passes (not implemented), so no latency; the RSS window is the whole embed stage');
  const win = windowOf({ ...p, batches }, warmupPasses);
  const rss = win ? rssInWindow(p, win) : null;
  if (!rss) notes.push('too few RSS samples after warm-up for a slope (fewer than 5)');
  const latency = passLatency(batches.slice(warmupPasses));
  if (!latency && batches.length > 0)
    notes.push(`too few passes after warm-up for a distribution (${batches.length - warmupPasses}, fewer than ${MIN_PASSES})`);
  return {
    pipelineId: p.pipelineId,
    status: p.status,
    failure: p.failure,
    wallMs: p.wallMs,
    chunks: p.chunks,
    storedPoints: p.storedPoints,
    passes: batches.length,
    warmupPasses,
    window: win ? { startS: win.startMs / 1000, endS: win.endMs / 1000 } : null,
    rss,
    latency,
    notes,
  };
}

/** Claim 5's verdict over the Rust pipelines' results (RULE). */
export function memoryVerdict(rust: MemoryPipelineResult[]): ClaimVerdict {
  if (rust.length === 0) return 'inconclusive';
  if (rust.some((r) => r.rss?.trend === 'creeps' || r.latency?.trend === 'pauses')) return 'does not hold';
  if (rust.every((r) => r.rss?.trend === 'flat' && r.latency?.trend === 'steady')) return 'holds';
  return 'inconclusive';
}

export function memoryAnalysis(input: MemoryAnalysisInput): MemoryAnalysis {
  const pipelines = input.processes.map((p) => analysePipeline(p, input.warmupFraction));
  const isRust = (id: string) => input.pipelines.find((p) => p.id === id)?.language === 'Rust';
  return {
    repeat: input.repeat,
    files: input.files,
    bytes: input.bytes,
    threads: input.threads,
    mode: input.mode,
    warmupFraction: input.warmupFraction,
    growthBound: GROWTH_BOUND,
    pauseBound: PAUSE_BOUND,
    pipelines,
    notImplemented: input.notImplemented.map((p) => ({ id: p.id, name: p.name })),
    verdict: memoryVerdict(pipelines.filter((r) => isRust(r.pipelineId) && r.status === 'ok')),
    rule: RULE,
    method: METHOD,
  };
}
