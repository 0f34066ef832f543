/**
 * The query job's events (pipelines/README.md, "The query job") folded into one process's
 * record, each checked against what the workload asked: a malformed event is refused with a
 * message naming its field (`end of query_c4: latencies_ms has 39 entries, queries says 40`).
 */
import type { QueryLevelRecord, QueryProcess } from '../query-types.js';
import { acceptJobEvent, isNum, type JobReadState } from './job-events.js';

/** What the workload asked of the process: the events must match it. */
export interface QueryExpectation {
  texts: number;
  topK: number;
  concurrency: number[];
  passes: number;
}

export type QueryFields = Pick<QueryProcess, 'info' | 'coldMs' | 'levels' | 'answers' | 'queries'>;

const LEVEL_STAGE = /^query_c([1-9]\d*)$/;

export const emptyQueryFields = (): QueryFields => ({ info: null, coldMs: null, levels: [], answers: null, queries: null });

/** `latencies_ms` of a stage: `count` finite numbers >= 0, or the reason it is not. */
function latencies(stage: string, v: unknown, count: number): number[] | string {
  if (!Array.isArray(v)) return `end of ${stage}: latencies_ms missing or not an array`;
  if (v.length !== count) return `end of ${stage}: latencies_ms has ${v.length} entries, expected ${count}`;
  const bad = v.findIndex((x) => !isNum(x) || x < 0);
  if (bad >= 0) return `end of ${stage}: latencies_ms[${bad}] is ${JSON.stringify(v[bad])}, not a number of ms >= 0`;
  return v as number[];
}

function levelEnd(out: QueryFields, ev: Record<string, unknown>, stage: string, c: number, want: QueryExpectation): string | null {
  const next = want.concurrency[out.levels.length];
  if (c !== next)
    return `${stage} out of order: the workload's levels are ${JSON.stringify(want.concurrency)}, expected ${next === undefined ? 'none after' : `query_c${next}`}`;
  if (ev.concurrency !== c) return `end of ${stage}: concurrency is ${JSON.stringify(ev.concurrency)}, expected ${c}`;
  const queries = want.passes * want.texts;
  if (ev.queries !== queries) return `end of ${stage}: queries is ${JSON.stringify(ev.queries)}, expected ${queries} (passes x texts)`;
  if (!isNum(ev.busy_ms) || ev.busy_ms <= 0) return `end of ${stage}: busy_ms missing or not a number > 0`;
  const l = latencies(stage, ev.latencies_ms, queries);
  if (typeof l === 'string') return l;
  const level: QueryLevelRecord = { concurrency: c, queries, busyMs: ev.busy_ms, latenciesMs: l };
  out.levels.push(level);
  return null;
}

function stageEnd(out: QueryFields, ev: Record<string, unknown>, want: QueryExpectation): string | null {
  const stage = String(ev.stage);
  if (stage === 'query_cold') {
    if (ev.queries !== 1) return `end of query_cold: queries is ${JSON.stringify(ev.queries)}, expected 1`;
    const l = latencies(stage, ev.latencies_ms, 1);
    if (typeof l === 'string') return l;
    out.coldMs = l[0];
    return null;
  }
  const m = LEVEL_STAGE.exec(stage);
  return m ? levelEnd(out, ev, stage, Number(m[1]), want) : null;
}

function doneEvent(out: QueryFields, ev: Record<string, unknown>, want: QueryExpectation): string | null {
  const total = 1 + want.concurrency.length * want.passes * want.texts;
  if (ev.queries !== total) return `done.queries is ${JSON.stringify(ev.queries)}, expected ${total} (the cold query + every level's)`;
  const answers = ev.answers;
  if (!Array.isArray(answers)) return 'done.answers missing or not an array';
  if (answers.length !== want.texts) return `done.answers has ${answers.length} entries, expected one per text (${want.texts})`;
  for (const [i, a] of answers.entries()) {
    if (!Array.isArray(a) || a.some((id) => typeof id !== 'string' || id === ''))
      return `done.answers[${i}] must be an array of point-id strings, got ${JSON.stringify(a).slice(0, 120)}`;
    if (a.length > want.topK) return `done.answers[${i}] has ${a.length} ids, more than top_k (${want.topK})`;
  }
  if (out.levels.length !== want.concurrency.length || out.coldMs === null)
    return `done before every stage ended: query_cold${want.concurrency.map((c) => `, query_c${c}`).join('')} expected`;
  out.queries = total;
  out.answers = answers as string[][];
  return null;
}

/** Folds one event into `out`; returns a message when it breaks the job's protocol. */
export function acceptQueryEvent(out: QueryFields, ev: Record<string, unknown>, state: JobReadState, want: QueryExpectation): string | null {
  return acceptJobEvent(ev, state, {
    ready: (info) => {
      out.info = info;
    },
    end: (end) => stageEnd(out, end, want),
    done: (done) => doneEvent(out, done, want),
  });
}
