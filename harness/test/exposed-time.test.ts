import { describe, expect, it } from 'vitest';
import { exposedTimes } from '../src/run/exposed.js';
import { parseProtocolLine, ProtocolTracker } from '../src/run/protocol.js';

const line = (o: object) => JSON.stringify(o);
const ready = { event: 'ready', t_ms: 100, pipeline: 'x', runtime: { name: 'n', version: '1' }, libraries: {}, threads: 2 };
const done = (overlapped: unknown) => ({ event: 'done', t_ms: 1000, documents: 1, skipped_files: [], chunks: 2, tokens: 0, points: 2, overlapped });

/** Spawn at 0, ready at 100, read 100-200, embed + upsert 200-900 in some overlap, done at 1000. */
function track(overlapped: unknown, embedEnd: object, upsertEnd: object): ProtocolTracker {
  const t = new ProtocolTracker(0);
  const events = [
    ready,
    { event: 'start', t_ms: 100, stage: 'read' },
    { event: 'end', t_ms: 200, stage: 'read', busy_ms: 100 },
    { event: 'start', t_ms: 200, stage: 'upsert' },
    { event: 'start', t_ms: 210, stage: 'embed' },
    { event: 'end', t_ms: 800, stage: 'embed', ...embedEnd },
    { event: 'end', t_ms: 900, stage: 'upsert', ...upsertEnd },
    done(overlapped),
  ];
  for (const e of events) t.accept(parseProtocolLine(line(e)));
  return t;
}
const exposed = (t: ProtocolTracker) => Object.fromEntries(t.stages().map((s) => [s.stage, s.exposedMs]));

describe('exposed time: where the wall time went, stages that overlap included', () => {
  it('interleaved stages (one thread taking turns) are exposed for their busy time', () => {
    const t = track([{ stages: ['embed', 'upsert'], kind: 'interleaved' }], { busy_ms: 500 }, { busy_ms: 150 });
    expect(exposed(t)).toEqual({ startup: 100, read: 100, embed: 500, upsert: 150 });
  });

  it('concurrent stages are exposed for what the pipeline says it waited for, not their busy time', () => {
    const t = track([{ stages: ['embed', 'upsert'], kind: 'concurrent' }], { busy_ms: 580, exposed_ms: 580 }, { busy_ms: 600, exposed_ms: 110 });
    const e = exposed(t);
    expect(e).toEqual({ startup: 100, read: 100, embed: 580, upsert: 110 });
    // Stacked, they fit the wall time (spawn 0 to exit 1000); busy times would not (100+100+580+600 > 1000).
    const sum = Object.values(e).reduce((a, b) => a! + b!, 0)!;
    expect(sum).toBeLessThanOrEqual(1000);
  });

  it('a concurrent stage without exposed_ms is a protocol error that says why', () => {
    expect(() => track([{ stages: ['embed', 'upsert'], kind: 'concurrent' }], { busy_ms: 580 }, { busy_ms: 600 })).toThrow(
      /end.exposed_ms missing for stage embed, which ran concurrently/,
    );
  });

  it('the old list of stage names cannot say how they overlapped: rejected, naming the field', () => {
    expect(() => parseProtocolLine(line(done(['embed', 'upsert'])))).toThrow(/done.overlapped must be a list of \{"stages"/);
    expect(() => parseProtocolLine(line(done([{ stages: ['embed', 'upsert'], kind: 'parallel' }])))).toThrow(/done.overlapped/);
  });

  it('clock rounding never makes a group longer than its span', () => {
    const spans = [
      { stage: 'embed' as const, startMs: 0, endMs: 100, busyMs: 70 },
      { stage: 'upsert' as const, startMs: 0, endMs: 100, busyMs: 60 },
    ];
    const e = exposedTimes(spans, [{ stages: ['embed', 'upsert'], kind: 'interleaved' }]);
    expect(e.get('embed')! + e.get('upsert')!).toBeCloseTo(100, 9);
    expect(exposedTimes(spans, []).get('embed')).toBe(100); // not overlapped: its span
  });
});
