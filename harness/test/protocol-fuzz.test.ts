/**
 * Fuzzing the pipeline protocol (issue 14): random text, random bytes, truncated and mutated
 * JSON lines, and mutated event sequences, seeded and counted (fuzz-settings.ts). The parser and
 * the tracker must never throw anything but ProtocolError (which fails the iteration with its
 * message), a rejected line must be quoted in the message, and stdout cut into random chunks
 * must come out as the same lines or as LineTooLongError.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedLines, LineTooLongError } from '../src/run/lines.js';
import { parseProtocolLine, ProtocolError, ProtocolTracker } from '../src/run/protocol.js';
import { fuzzParameters } from './fuzz-settings.js';

const STAGES = ['read', 'chunk', 'embed', 'upsert'] as const;

/** A valid run's events, t_ms increasing from 1. */
const validRun = fc.subarray([...STAGES], { minLength: 1 }).map((stages) => {
  let t = 1;
  const events: Record<string, unknown>[] = [{ event: 'ready', t_ms: t++, pipeline: 'p', runtime: { name: 'n', version: '1' }, libraries: {}, threads: 1 }];
  for (const stage of stages) {
    events.push({ event: 'start', t_ms: t++, stage });
    events.push({ event: 'progress', t_ms: t++, stage, done: 1, total: 2 });
    events.push({ event: 'end', t_ms: t++, stage, busy_ms: 0.5 });
  }
  events.push({ event: 'done', t_ms: t, documents: 1, skipped_files: [], chunks: 1, tokens: 0, points: 1, overlapped: [] });
  return events;
});

/** Parses the line; a rejection must be a ProtocolError that quotes it. */
function parseOrReject(line: string): Record<string, unknown> | null {
  try {
    return parseProtocolLine(line) as unknown as Record<string, unknown>;
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/^protocol: /);
    expect((err as Error).message).toContain(JSON.stringify(line.slice(0, 200)));
    return null;
  }
}

/**
 * Feeds events to a tracker: only ProtocolError may stop it, what it folds must not throw, and a
 * run it accepted to the end must have finite timings and counts (nothing the report cannot draw).
 */
function track(events: unknown[]): void {
  const tracker = new ProtocolTracker(0);
  try {
    for (const ev of events) tracker.accept(ev as never, 1e9);
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(ProtocolError);
    tracker.stages();
    return;
  }
  const timings = tracker.stages().flatMap((s) => [s.wallMs, s.busyMs, s.exposedMs ?? 0]);
  expect(timings.every(Number.isFinite), JSON.stringify(events)).toBe(true);
  const counts = tracker.counts();
  if (counts) expect(Object.values(counts).every(Number.isFinite)).toBe(true);
}

/** A mutation of one event: a field removed, or set to any JSON value. */
const mutation = fc.record({ which: fc.nat(), field: fc.nat(), remove: fc.boolean(), value: fc.jsonValue({ maxDepth: 2 }) });
function mutate(events: Record<string, unknown>[], m: { which: number; field: number; remove: boolean; value: unknown }): Record<string, unknown>[] {
  const copy = events.map((e) => ({ ...e }));
  const ev = copy[m.which % copy.length];
  const key = Object.keys(ev)[m.field % Object.keys(ev).length];
  if (m.remove) delete ev[key];
  else ev[key] = m.value;
  return copy;
}

describe('protocol fuzz: lines no pipeline should print', () => {
  it('random text and random bytes: parsed, or rejected with the line quoted', () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8'));
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      bytes,
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (line) => {
        parseOrReject(line);
      }),
      fuzzParameters('protocol random lines', 1000),
    );
  });

  it('truncated valid lines: always rejected, the line quoted', () => {
    const cut = fc.tuple(validRun, fc.nat(), fc.nat()).map(([events, i, at]) => {
      const full = JSON.stringify(events[i % events.length]);
      return full.slice(0, at % full.length);
    });
    fc.assert(
      fc.property(cut, (line) => {
        expect(parseOrReject(line)).toBeNull();
      }),
      fuzzParameters('protocol truncated lines', 500),
    );
  });

  it('mutated events (a field removed or set to any JSON value) through parser and tracker: only ProtocolError', () => {
    fc.assert(
      fc.property(validRun, fc.array(mutation, { minLength: 1, maxLength: 3 }), (events, mutations) => {
        const mutated = mutations.reduce(mutate, events);
        const parsed = mutated.map((e) => parseOrReject(JSON.stringify(e)));
        track(parsed.filter((e) => e !== null));
      }),
      fuzzParameters('protocol mutated events', 800),
    );
  });

  it('valid events in a shuffled, duplicated or shortened order: only ProtocolError', () => {
    const reordered = validRun.chain((events) => fc.array(fc.constantFrom(...events), { maxLength: events.length + 3 }));
    fc.assert(
      fc.property(reordered, (events) => track(events.map((e) => parseProtocolLine(JSON.stringify(e))))),
      fuzzParameters('protocol event orders', 500),
    );
  });
});

describe('protocol fuzz: stdout in random chunks', () => {
  const MAX = 64;
  it(`the same lines come out, or LineTooLongError past ${MAX} bytes`, async () => {
    const chunks = fc.array(
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b.map((x) => (x % 8 === 0 ? 10 : x)))),
      { maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(chunks, async (parts) => {
        const lines: string[] = [];
        try {
          for await (const l of boundedLines(Readable.from(parts), MAX)) lines.push(l);
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(LineTooLongError);
          return;
        }
        const complete = Buffer.concat(parts).toString('utf8').split('\n');
        const rest = complete.pop(); // after the last newline: a line only if not empty
        const expected = [...complete, ...(rest ? [rest] : [])].map((l) => l.replace(/\r$/, ''));
        expect(lines).toEqual(expected);
      }),
      fuzzParameters('stdout chunking', 500),
    );
  });
});
