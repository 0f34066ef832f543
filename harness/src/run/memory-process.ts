/**
 * One process of the memory workload: a pipeline indexing the corpus `repeat` times over (the
 * file list repeated, pipelines/README.md rule 1) with `batch_events: true`, measured as any
 * index process (run/spawn.ts: bench-launcher, the /proc RSS timeline, the protocol checked),
 * its batch events kept with their times since spawn, the collection counted and dropped.
 */
import path from 'node:path';
import { formatDuration, type ProgressReporter } from '../progress/index.js';
import type { CollectionLifecycle } from '../store/collections.js';
import type { MemoryBatch, MemoryProcess, PipelineSpec, WorkloadSettings } from '../types.js';
import { pipelineEnv } from './iteration.js';
import { monotonicMs, type ProtocolEvent } from './protocol.js';
import { runPipelineProcess } from './spawn.js';
import { buildWorkload, type StoreTarget, writeWorkload } from './workload.js';

export interface MemoryProcessContext {
  runDir: string;
  settings: WorkloadSettings;
  store: StoreTarget;
  collections: CollectionLifecycle;
  repeat: number;
  cwd: string;
  timeoutMs: number;
  sampleIntervalMs: number;
  signal?: AbortSignal;
  progress: ProgressReporter;
}

/** The collection of one pipeline's process. */
export const memoryCollection = (runId: string, pipelineId: string) => `bench_${runId}_memory_${pipelineId}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** Keeps the batch events and the embed stage's times (ms since spawn) and says how far the process is, every 10 passes. */
class PassLog {
  readonly batches: MemoryBatch[] = [];
  embedStartMs: number | null = null;
  embedEndMs: number | null = null;
  private expected: number | null = null;

  constructor(
    private readonly spawnMs: number,
    private readonly label: string,
    private readonly embedBatchSize: number,
    private readonly progress: ProgressReporter,
  ) {}

  onEvent(ev: ProtocolEvent): void {
    const at = ev.t_ms - this.spawnMs;
    if (ev.event === 'start') this.progress.stage(ev.stage);
    if (ev.event === 'start' && ev.stage === 'embed') this.embedStartMs = at;
    if (ev.event === 'end' && ev.stage === 'embed') this.embedEndMs = at;
    // about one pass per embed_batch_size chunks (a group's last pass may be smaller)
    if (ev.event === 'end' && ev.stage === 'chunk' && typeof ev.chunks === 'number') this.expected = Math.ceil(ev.chunks / this.embedBatchSize);
    if (ev.event !== 'batch') return;
    this.batches.push({ index: ev.index, size: ev.size, tokens: ev.tokens, ms: ev.ms, endMs: at });
    const done = this.batches.length;
    if (done % 10 === 0 && this.embedStartMs !== null) {
      const perPass = (at - this.embedStartMs) / done;
      const left = this.expected && this.expected > done ? `, ~${formatDuration(perPass * (this.expected - done))} left of this process` : '';
      this.progress.message(`  ${this.label}: pass ${done}${this.expected ? ` of ~${this.expected}` : ''}${left}`);
    }
  }
}

/** Runs the pipeline; null when Ctrl-C stopped it (unfinished, not recorded). */
export async function runMemoryProcess(ctx: MemoryProcessContext, pipeline: PipelineSpec, runId: string): Promise<MemoryProcess | null> {
  const name = `${pipeline.id}-memory`;
  const collection = memoryCollection(runId, pipeline.id);
  const workloadPath = path.join(ctx.runDir, 'workloads', `${name}.json`);
  const files = Array.from({ length: ctx.repeat }, () => ctx.settings.corpus.files).flat();
  const base = buildWorkload(ctx.settings, ctx.store, collection) as { corpus: { dir: string; files: string[] } };
  writeWorkload(workloadPath, { ...base, corpus: { ...base.corpus, files }, batch_events: true });
  const spawnMs = monotonicMs();
  const log = new PassLog(spawnMs, pipeline.id, ctx.settings.embedBatchSize, ctx.progress);
  const outcome = await runPipelineProcess({
    command: pipeline.command,
    workloadPath,
    cwd: ctx.cwd,
    env: pipelineEnv(ctx.settings.threads, pipeline.env),
    timeoutMs: ctx.timeoutMs,
    sampleIntervalMs: ctx.sampleIntervalMs,
    stderrPath: path.join(ctx.runDir, 'logs', `${name}.stderr.log`),
    launcherReportPath: path.join(ctx.runDir, 'logs', `${name}.launcher.json`),
    signal: ctx.signal,
    onEvent: (ev) => log.onEvent(ev),
  });
  const storedPoints = outcome.interrupted ? null : await ctx.collections.countPoints(collection).catch(() => null);
  await ctx.collections.drop(collection).catch(() => {});
  if (outcome.interrupted) return null;
  const counts = outcome.tracker.counts();
  let failure = outcome.failure ? `${outcome.failure.kind}: ${outcome.failure.message}` : null;
  // the copies overwrite the same ids: the collection holds one copy's chunks
  if (!failure && counts && storedPoints !== counts.chunks / ctx.repeat)
    failure = `verification: the collection holds ${storedPoints ?? 'no'} points, one copy of the corpus is ${counts.chunks / ctx.repeat} chunks (${counts.chunks} in ${ctx.repeat} copies)`;
  return {
    pipelineId: pipeline.id,
    status: failure ? 'failed' : 'ok',
    failure,
    wallMs: outcome.wallMs,
    repeat: ctx.repeat,
    chunks: counts?.chunks ?? null,
    tokens: counts?.tokens ?? null,
    storedPoints,
    peakRssBytes: outcome.resources?.peakRssBytes ?? null,
    rssTimeline: outcome.resources?.rssTimeline ?? [],
    sampleIntervalMs: ctx.sampleIntervalMs,
    embedStartMs: log.embedStartMs,
    embedEndMs: log.embedEndMs,
    batches: log.batches,
    stderrFile: path.join('logs', `${name}.stderr.log`),
  };
}
