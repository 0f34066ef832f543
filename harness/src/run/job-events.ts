/**
 * The events every job read as events shares (pipelines/README.md: `ready`, `start`, `progress`,
 * `error`) folded alike; each job folds its own `end` and `done` (query-events.ts,
 * tokenize-process.ts).
 */
import type { JobPipelineInfo } from '../job-types.js';

/** What the pipeline said it ended with: `done`, or the message of its `error` event. */
export interface JobReadState {
  done: boolean;
  error: string | null;
}

/** A job's own part of the fold. */
export interface JobFold {
  ready: (info: JobPipelineInfo) => void;
  /** Folds an `end` event; returns a message when it breaks the job's protocol. */
  end: (ev: Record<string, unknown>) => string | null;
  /** Folds `done`; returns a message when it is malformed (the process is then not done). */
  done: (ev: Record<string, unknown>) => string | null;
}

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Folds one event; returns a message when it breaks the job's protocol. */
export function acceptJobEvent(ev: Record<string, unknown>, state: JobReadState, fold: JobFold): string | null {
  if (!isNum(ev.t_ms)) return `event without a numeric t_ms: ${JSON.stringify(ev).slice(0, 200)}`;
  switch (ev.event) {
    case 'ready':
      fold.ready({
        pipeline: String(ev.pipeline),
        runtime: ev.runtime as never,
        libraries: (ev.libraries ?? {}) as Record<string, string>,
        threads: Number(ev.threads),
      });
      return null;
    case 'start':
    case 'progress':
      return null;
    case 'end':
      return fold.end(ev);
    case 'done': {
      const broken = fold.done(ev);
      if (!broken) state.done = true;
      return broken;
    }
    case 'error':
      state.error = `${ev.stage ? `stage ${String(ev.stage)}: ` : ''}${String(ev.message)}`;
      return null;
    default:
      return `unknown event ${JSON.stringify(ev.event)}`;
  }
}
