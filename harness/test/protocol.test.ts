import { describe, expect, it } from 'vitest';
import { parseProtocolLine, ProtocolError, ProtocolTracker } from '../src/run/protocol.js';

const line = (o: object) => JSON.stringify(o);

describe('protocol lines -> typed events -> stage timings', () => {
  it('folds a run into stage timings (startup from spawn to ready) and counts', () => {
    const t = new ProtocolTracker(1000);
    const events = [
      { event: 'ready', t_ms: 1500, pipeline: 'x', runtime: { name: 'n', version: '1' }, libraries: {}, threads: 2 },
      { event: 'start', t_ms: 1600, stage: 'read' },
      { event: 'end', t_ms: 1700, stage: 'read', busy_ms: 90, documents: 1, skipped_files: [], bytes: 3 },
      { event: 'done', t_ms: 1800, documents: 1, skipped_files: [{ path: 'b', reason: 'binary' }], chunks: 2, tokens: 0, points: 2, overlapped: [] },
    ];
    for (const e of events) t.accept(parseProtocolLine(line(e)));
    expect(t.stages()).toEqual([
      { stage: 'startup', wallMs: 500, busyMs: 500, exposedMs: 500 },
      { stage: 'read', wallMs: 100, busyMs: 90, exposedMs: 100 },
    ]);
    expect(t.counts()).toEqual({ documents: 1, skippedFiles: 1, chunks: 2, tokens: 0, points: 2 });
  });

  it('names what is wrong with a bad line', () => {
    expect(() => parseProtocolLine('Loading model...')).toThrow(/malformed line \(not JSON\)/);
    expect(() => parseProtocolLine(line({ event: 'start', t_ms: 1, stage: 'bake' }))).toThrow(/unknown stage "bake"/);
    expect(() => parseProtocolLine(line({ event: 'start', stage: 'read' }))).toThrow(/t_ms missing/);
    expect(() => parseProtocolLine(line({ event: 'hello', t_ms: 1 }))).toThrow(/unknown event "hello"/);
  });

  it('rejects events out of order', () => {
    const t = new ProtocolTracker(0);
    expect(() => t.accept(parseProtocolLine(line({ event: 'start', t_ms: 1, stage: 'read' })))).toThrow(ProtocolError);
  });
});
