// The stdout protocol of pipelines/README.md: one JSON object per line, nothing else on stdout.
import { writeSync } from 'node:fs';

export type StageName = 'model_load' | 'read' | 'chunk' | 'embed' | 'upsert' | TokenizeStageName | QueryStageName;

/** The stages of the tokenize job (pipelines/README.md, "The tokenize job"). */
export type TokenizeStageName = 'tokenizer_load' | 'tokenize_batched' | 'tokenize_single';

/** The stages of the query job (pipelines/README.md, "The query job"): the cold query, then one per concurrency level. */
export type QueryStageName = 'query_cold' | `query_c${number}`;

/** Milliseconds on the system's monotonic clock (CLOCK_MONOTONIC), shared by all processes. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Writes one event line. writeSync on fd 1 so every line is flushed as written and none is lost
 * when the process exits right after an `error` (process.stdout is asynchronous for pipes).
 */
export function emit(event: string, fields: Record<string, unknown> = {}): void {
  writeSync(1, JSON.stringify({ event, t_ms: nowMs(), ...fields }) + '\n');
}

/** Human-readable diagnostics go to stderr, never stdout. */
export function log(message: string): void {
  process.stderr.write(`[ts-pipeline] ${message}\n`);
}

/** A failure with a specific, human-readable message, attributed to the stage it happened in. */
export class PipelineError extends Error {
  constructor(
    readonly stage: StageName | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PipelineError';
  }
}

/** Text of an unknown thrown value, including the cause chain (fetch hides ECONNREFUSED there). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const text = current instanceof Error ? current.message : String(current);
    if (text && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}

/**
 * Times one stage that may be entered many times (embed and upsert alternate per group):
 * `start` is emitted on the first entry, `busy_ms` sums the time spent inside, `end` is explicit.
 */
export class StageClock {
  private started = false;
  private busy = 0;
  firstStart = 0;
  lastEnd = 0;

  constructor(readonly stage: StageName) {}

  async time<T>(work: () => Promise<T> | T): Promise<T> {
    const begin = nowMs();
    if (!this.started) {
      this.started = true;
      this.firstStart = begin;
      // the start carries the moment the busy time is counted from: stamped at emit time, a
      // descheduled write on a loaded machine made the span shorter than the busy time
      emit('start', { stage: this.stage, t_ms: begin });
    }
    try {
      return await work();
    } finally {
      this.lastEnd = nowMs();
      this.busy += this.lastEnd - begin;
    }
  }

  /** Emitted after the fact (embed ends once the last upsert is done), so it carries the stage's last moment. */
  end(counts: Record<string, unknown>): void {
    emit('end', { stage: this.stage, t_ms: this.lastEnd, busy_ms: this.busy, ...counts });
  }
}
