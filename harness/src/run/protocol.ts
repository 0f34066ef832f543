import { STAGES, type IterationCounts, type OverlapGroup, type Stage, type StageTiming } from '../types.js';
import { exposedTimes } from './exposed.js';

/** Typed events of the stdout protocol (pipelines/README.md). */
export type ProtocolEvent =
  | { event: 'ready'; t_ms: number; pipeline: string; runtime: { name: string; version: string }; libraries: Record<string, string>; threads: number }
  | { event: 'start'; t_ms: number; stage: Stage }
  | { event: 'end'; t_ms: number; stage: Stage; busy_ms: number; exposed_ms?: number; [count: string]: unknown }
  | { event: 'progress'; t_ms: number; stage: Stage; done: number; total: number }
  | { event: 'batch'; t_ms: number; stage: 'embed'; index: number; size: number; tokens: number; ms: number }
  | { event: 'done'; t_ms: number; documents: number; skipped_files: unknown[]; chunks: number; tokens: number; points: number; overlapped: OverlapGroup[] }
  | { event: 'error'; t_ms: number; stage: Stage | null; message: string };

/** A line that breaks the protocol; the iteration fails with this message. */
export class ProtocolError extends Error {}

/** Slack for float rounding between two readers of the same CLOCK_MONOTONIC, ms. */
const CLOCK_SLACK_MS = 1;

const PIPELINE_STAGES = STAGES.filter((s) => s !== 'startup');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStage = (v: unknown): v is Stage => typeof v === 'string' && (PIPELINE_STAGES as readonly string[]).includes(v);
const isOverlapGroup = (v: unknown): v is OverlapGroup => {
  const g = v as Partial<OverlapGroup> | null;
  return (
    typeof g === 'object' &&
    g !== null &&
    Array.isArray(g.stages) &&
    g.stages.length >= 2 &&
    g.stages.every(isStage) &&
    (g.kind === 'interleaved' || g.kind === 'concurrent')
  );
};

function need(cond: boolean, line: string, what: string): void {
  if (!cond) throw new ProtocolError(`protocol: ${what} in line ${JSON.stringify(line.slice(0, 200))}`);
}

/** Parses one stdout line into a typed event, or throws ProtocolError naming what is wrong. */
export function parseProtocolLine(line: string): ProtocolEvent {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line);
  } catch {
    throw new ProtocolError(`protocol: malformed line (not JSON): ${JSON.stringify(line.slice(0, 200))}`);
  }
  need(o !== null && typeof o === 'object' && !Array.isArray(o), line, 'not a JSON object');
  need(isNum(o.t_ms), line, 't_ms missing or not a number');
  switch (o.event) {
    case 'ready':
      need(typeof o.pipeline === 'string', line, 'ready.pipeline missing');
      need(typeof o.runtime === 'object' && o.runtime !== null, line, 'ready.runtime missing');
      need(typeof o.libraries === 'object' && o.libraries !== null, line, 'ready.libraries missing');
      need(isNum(o.threads), line, 'ready.threads missing');
      break;
    case 'start':
      need(isStage(o.stage), line, `unknown stage ${JSON.stringify(o.stage)}`);
      break;
    case 'end':
      need(isStage(o.stage), line, `unknown stage ${JSON.stringify(o.stage)}`);
      need(isNum(o.busy_ms), line, 'end.busy_ms missing');
      need(o.exposed_ms === undefined || (isNum(o.exposed_ms) && o.exposed_ms >= 0), line, 'end.exposed_ms not a number >= 0');
      break;
    case 'progress':
      need(isStage(o.stage), line, `unknown stage ${JSON.stringify(o.stage)}`);
      break;
    case 'batch':
      need(o.stage === 'embed', line, `batch.stage must be "embed", got ${JSON.stringify(o.stage)}`);
      for (const k of ['index', 'size', 'tokens', 'ms']) need(isNum(o[k]) && (o[k] as number) >= 0, line, `batch.${k} missing or not a number >= 0`);
      need(Number.isInteger(o.index) && Number.isInteger(o.size) && (o.size as number) >= 1, line, 'batch.index and batch.size must be integers, size >= 1');
      break;
    case 'done':
      for (const k of ['documents', 'chunks', 'tokens', 'points']) need(isNum(o[k]), line, `done.${k} missing or not a number`);
      need(Array.isArray(o.skipped_files), line, 'done.skipped_files missing');
      need(
        Array.isArray(o.overlapped) && o.overlapped.every(isOverlapGroup),
        line,
        'done.overlapped must be a list of {"stages": [two or more stage names], "kind": "interleaved" | "concurrent"}',
      );
      break;
    case 'error':
      need(typeof o.message === 'string', line, 'error.message missing');
      need(o.stage === null || o.stage === undefined || isStage(o.stage), line, `unknown stage ${JSON.stringify(o.stage)}`);
      break;
    default:
      throw new ProtocolError(`protocol: unknown event ${JSON.stringify(o.event)} in line ${JSON.stringify(line.slice(0, 200))}`);
  }
  return o as unknown as ProtocolEvent;
}

/**
 * Folds a pipeline's events into what the iteration result needs: stage timings, counts, the
 * pipeline's self-description, and the outcome. Order violations are protocol errors.
 */
export class ProtocolTracker {
  ready: Extract<ProtocolEvent, { event: 'ready' }> | null = null;
  done: Extract<ProtocolEvent, { event: 'done' }> | null = null;
  error: Extract<ProtocolEvent, { event: 'error' }> | null = null;
  /** The stage currently running (for the progress display). */
  current: Stage | null = null;
  private readonly starts = new Map<Stage, number>();
  private readonly ends = new Map<Stage, { t: number; busy: number; exposed?: number }>();
  /** batch events seen (the next one's index). */
  private batches = 0;

  /** `spawnMonotonicMs`: the spawn time on the same monotonic clock as t_ms (refined to the launcher's fork time after exit). */
  constructor(public spawnMonotonicMs: number) {}

  /** `nowMs`: when the harness received the line, on the same clock. */
  accept(ev: ProtocolEvent, nowMs = monotonicMs()): void {
    if (this.done || this.error) throw new ProtocolError(`protocol: "${ev.event}" event after "${this.done ? 'done' : 'error'}"`);
    if (ev.t_ms < this.spawnMonotonicMs - CLOCK_SLACK_MS || ev.t_ms > nowMs + CLOCK_SLACK_MS) {
      const when =
        ev.t_ms < this.spawnMonotonicMs
          ? `${(this.spawnMonotonicMs - ev.t_ms).toFixed(1)} ms before the process was spawned`
          : `${(ev.t_ms - nowMs).toFixed(1)} ms after the harness received the line`;
      throw new ProtocolError(`protocol: ${ev.event}.t_ms ${ev.t_ms} is ${when}: t_ms must be CLOCK_MONOTONIC in milliseconds (pipelines/README.md)`);
    }
    if (ev.event !== 'ready' && ev.event !== 'error' && !this.ready) throw new ProtocolError(`protocol: "${ev.event}" event before "ready"`);
    switch (ev.event) {
      case 'ready':
        if (this.ready) throw new ProtocolError('protocol: second "ready" event');
        this.ready = ev;
        break;
      case 'start':
        if (this.starts.has(ev.stage)) throw new ProtocolError(`protocol: stage ${ev.stage} started twice`);
        this.starts.set(ev.stage, ev.t_ms);
        this.current = ev.stage;
        break;
      case 'end':
        if (!this.starts.has(ev.stage)) throw new ProtocolError(`protocol: stage ${ev.stage} ended without a start`);
        if (this.ends.has(ev.stage)) throw new ProtocolError(`protocol: stage ${ev.stage} ended twice`);
        this.ends.set(ev.stage, { t: ev.t_ms, busy: ev.busy_ms, exposed: ev.exposed_ms });
        break;
      case 'progress':
        break;
      case 'batch':
        this.acceptBatch(ev);
        break;
      case 'done': {
        const open = [...this.starts.keys()].filter((s) => !this.ends.has(s));
        if (open.length) throw new ProtocolError(`protocol: "done" while stage(s) ${open.join(', ')} never ended`);
        this.checkOverlap(ev.overlapped);
        this.done = ev;
        this.current = null;
        break;
      }
      case 'error':
        this.error = ev;
        break;
    }
  }

  /** A batch event lies inside its stage (after its start, before its end) and numbers the passes 0, 1, 2, ... */
  private acceptBatch(ev: Extract<ProtocolEvent, { event: 'batch' }>): void {
    if (!this.starts.has('embed') || this.ends.has('embed'))
      throw new ProtocolError(`protocol: batch ${ev.index} outside the embed stage (between its start and end)`);
    if (ev.index !== this.batches) throw new ProtocolError(`protocol: batch.index ${ev.index} where ${this.batches} was next (0, 1, 2, ... in order)`);
    this.batches++;
  }

  /**
   * Each overlap group names stages that ran, each at most once; a concurrent group's stages
   * report exposed_ms; a stage that overlapped nothing was busy no longer than its span.
   */
  private checkOverlap(groups: OverlapGroup[]): void {
    const grouped = new Set<Stage>();
    for (const [stage, end] of this.ends) {
      const span = end.t - this.starts.get(stage)!;
      if (end.busy > span + CLOCK_SLACK_MS && !groups.some((g) => g.stages.includes(stage))) {
        throw new ProtocolError(
          `protocol: end.busy_ms of stage ${stage} (${end.busy.toFixed(1)} ms) exceeds its span from start to end (${span.toFixed(1)} ms), and it overlapped no other stage`,
        );
      }
    }
    for (const g of groups) {
      for (const stage of g.stages) {
        if (!this.ends.has(stage)) throw new ProtocolError(`protocol: done.overlapped names stage ${stage}, which never ran`);
        if (grouped.has(stage)) throw new ProtocolError(`protocol: done.overlapped names stage ${stage} in two groups`);
        grouped.add(stage);
        if (g.kind === 'concurrent' && this.ends.get(stage)!.exposed === undefined) {
          throw new ProtocolError(
            `protocol: end.exposed_ms missing for stage ${stage}, which ran concurrently (done.overlapped): only the pipeline knows how long it waited for it`,
          );
        }
      }
    }
  }

  /** Stage timings: startup (spawn to ready), then each reported stage in canonical order, with exposed time. */
  stages(): StageTiming[] {
    const out: StageTiming[] = [];
    if (this.ready) {
      const startup = this.ready.t_ms - this.spawnMonotonicMs;
      out.push({ stage: 'startup', wallMs: startup, busyMs: startup, exposedMs: startup });
    }
    const spans = PIPELINE_STAGES.flatMap((stage) => {
      const start = this.starts.get(stage);
      const end = this.ends.get(stage);
      return start !== undefined && end ? [{ stage, startMs: start, endMs: end.t, busyMs: end.busy, exposedMs: end.exposed }] : [];
    });
    const exposed = exposedTimes(spans, this.done?.overlapped ?? []);
    for (const s of spans) out.push({ stage: s.stage, wallMs: s.endMs - s.startMs, busyMs: s.busyMs, exposedMs: exposed.get(s.stage) });
    return out;
  }

  counts(): IterationCounts | null {
    if (!this.done) return null;
    const d = this.done;
    return { documents: d.documents, skippedFiles: d.skipped_files.length, chunks: d.chunks, tokens: d.tokens, points: d.points };
  }
}

/** Now on the monotonic clock the protocol uses (CLOCK_MONOTONIC, ms). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
