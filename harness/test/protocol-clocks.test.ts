/** A pipeline whose clock is wrong is rejected with a message naming the field. */
import { describe, expect, it } from 'vitest';
import { parseProtocolLine, ProtocolTracker } from '../src/run/protocol.js';

const ready = (t: number) => ({ event: 'ready', t_ms: t, pipeline: 'x', runtime: { name: 'n', version: '1' }, libraries: {}, threads: 1 });
const feed = (t: ProtocolTracker, events: object[], now = 10_000) => {
  for (const e of events) t.accept(parseProtocolLine(JSON.stringify(e)), now);
};

describe('protocol clocks', () => {
  it('rejects t_ms before the spawn (a clock other than CLOCK_MONOTONIC, or seconds)', () => {
    expect(() => feed(new ProtocolTracker(5_000), [ready(4.2)])).toThrow(/ready\.t_ms 4\.2 is 4995\.8 ms before the process was spawned/);
  });

  it('rejects t_ms after the harness received the line (e.g. wall-clock time)', () => {
    expect(() => feed(new ProtocolTracker(5_000), [ready(1.7e12)])).toThrow(/ready\.t_ms 1700000000000 is .* ms after the harness received the line/);
  });

  it('rejects a busy_ms longer than the span of a stage that overlapped nothing', () => {
    const t = new ProtocolTracker(5_000);
    const events = [
      ready(5_100),
      { event: 'start', t_ms: 5_200, stage: 'read' },
      { event: 'end', t_ms: 5_300, stage: 'read', busy_ms: 250 },
      { event: 'done', t_ms: 5_400, documents: 1, skipped_files: [], chunks: 0, tokens: 0, points: 0, overlapped: [] },
    ];
    expect(() => feed(t, events)).toThrow(/end\.busy_ms of stage read \(250\.0 ms\) exceeds its span from start to end \(100\.0 ms\)/);
  });

  it('accepts busy time beyond the span for a stage that overlapped another (its work ran alongside)', () => {
    const t = new ProtocolTracker(5_000);
    const events = [
      ready(5_100),
      { event: 'start', t_ms: 5_200, stage: 'embed' },
      { event: 'start', t_ms: 5_200, stage: 'upsert' },
      { event: 'end', t_ms: 5_300, stage: 'embed', busy_ms: 100, exposed_ms: 100 },
      { event: 'end', t_ms: 5_300, stage: 'upsert', busy_ms: 100.5, exposed_ms: 0 },
      {
        event: 'done',
        t_ms: 5_400,
        documents: 1,
        skipped_files: [],
        chunks: 0,
        tokens: 0,
        points: 0,
        overlapped: [{ stages: ['embed', 'upsert'], kind: 'concurrent' }],
      },
    ];
    expect(() => feed(t, events)).not.toThrow();
  });
});
