/**
 * The query job's events checked against the workload (run/query-events.ts): a well-formed
 * sequence is folded into the record; each malformed event is refused with a message naming
 * its field.
 */
import { describe, expect, it } from 'vitest';
import { acceptQueryEvent, emptyQueryFields, type QueryExpectation } from '../src/run/query-events.js';

const WANT: QueryExpectation = { texts: 2, topK: 3, concurrency: [1, 2], passes: 2 };
const t_ms = 1;
const good = (): Array<Record<string, unknown>> => [
  { event: 'ready', t_ms, pipeline: 'p', runtime: { name: 'node', version: '22' }, libraries: {}, threads: 2 },
  { event: 'start', t_ms, stage: 'query_cold' },
  { event: 'end', t_ms, stage: 'query_cold', busy_ms: 5, queries: 1, latencies_ms: [5] },
  { event: 'end', t_ms, stage: 'query_c1', busy_ms: 40, concurrency: 1, queries: 4, latencies_ms: [10, 10, 10, 10] },
  { event: 'end', t_ms, stage: 'query_c2', busy_ms: 20, concurrency: 2, queries: 4, latencies_ms: [10, 10, 10, 10] },
  { event: 'done', t_ms, queries: 9, answers: [['a', 'b', 'c'], ['d']] },
];

/** Feeds the events; returns the first refusal (or null) and the record. */
function feed(events: Array<Record<string, unknown>>) {
  const out = emptyQueryFields();
  const state = { done: false, error: null };
  for (const ev of events) {
    const broken = acceptQueryEvent(out, ev, state, WANT);
    if (broken) return { broken, out, state };
  }
  return { broken: null, out, state };
}

/** The good sequence with event `i` changed. */
const withEvent = (i: number, change: Record<string, unknown>) => good().map((ev, j) => (j === i ? { ...ev, ...change } : ev));

describe('query events: a well-formed process', () => {
  it('folds the cold query, every level and the answers', () => {
    const { broken, out, state } = feed(good());
    expect(broken).toBeNull();
    expect(state.done).toBe(true);
    expect(out.coldMs).toBe(5);
    expect(out.levels.map((l) => [l.concurrency, l.queries, l.busyMs])).toEqual([
      [1, 4, 40],
      [2, 4, 20],
    ]);
    expect(out.answers).toEqual([['a', 'b', 'c'], ['d']]);
    expect(out.queries).toBe(9);
  });
});

describe('query events: malformed ones are refused, naming the field', () => {
  it.each([
    [3, { latencies_ms: [10, 10, 10] }, /end of query_c1: latencies_ms has 3 entries, expected 4/],
    [3, { latencies_ms: [10, 10, -1, 10] }, /latencies_ms\[2\] is -1/],
    [3, { latencies_ms: undefined }, /end of query_c1: latencies_ms missing/],
    [3, { concurrency: 3 }, /end of query_c1: concurrency is 3, expected 1/],
    [3, { queries: 5 }, /end of query_c1: queries is 5, expected 4/],
    [3, { busy_ms: 'x' }, /end of query_c1: busy_ms missing/],
    [3, { stage: 'query_c2', concurrency: 2 }, /query_c2 out of order/],
    [2, { queries: 2 }, /end of query_cold: queries is 2, expected 1/],
    [2, { latencies_ms: [] }, /end of query_cold: latencies_ms has 0 entries/],
    [5, { queries: 8 }, /done\.queries is 8, expected 9/],
    [5, { answers: [['a']] }, /done\.answers has 1 entries, expected one per text \(2\)/],
    [5, { answers: [['a', 'b', 'c', 'd'], []] }, /done\.answers\[0\] has 4 ids, more than top_k \(3\)/],
    [5, { answers: [[1], []] }, /done\.answers\[0\] must be an array of point-id strings/],
    [5, { answers: undefined }, /done\.answers missing/],
    [1, { t_ms: 'late' }, /without a numeric t_ms/],
    [1, { event: 'bogus' }, /unknown event "bogus"/],
  ])('event %i changed by %j', (i, change, message) => {
    expect(feed(withEvent(i, change)).broken).toMatch(message);
  });

  it('refuses done before every level ended', () => {
    const events = good().filter((ev) => ev.stage !== 'query_c2');
    expect(feed(events).broken).toMatch(/done\.queries is 9|done before every stage ended/);
    const early = feed([...good().slice(0, 4), { event: 'done', t_ms, queries: 9, answers: [[], []] }]);
    expect(early.broken).toMatch(/done before every stage ended: query_cold, query_c1, query_c2 expected/);
  });
});
