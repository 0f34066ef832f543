/**
 * The memory workload's pure parts (claim 5): the RSS slope after warm-up and its verdict, the
 * per-pass latency distribution and its verdict, claim 5's rule over the Rust pipelines, the
 * claims row, and the batch event in the protocol. Processes here are test doubles built from
 * known lines and known pass times.
 */
import { describe, expect, it } from 'vitest';
import { memoryAnalysis, memoryTrend, passLatency, PAUSE_BOUND } from '../src/analysis/memory.js';
import { memoryClaim } from '../src/analysis/memory-claim.js';
import { memorySettings } from '../src/config/memory.js';
import { parseProtocolLine, ProtocolError, ProtocolTracker } from '../src/run/protocol.js';
import { seededRandom } from '../src/stats/index.js';
import type { MemoryBatch, MemoryProcess, PipelineSpec, RunSummary } from '../src/types.js';

const MiB = 2 ** 20;
const PIPELINES: PipelineSpec[] = [
  { id: 'rust', name: 'Rust', language: 'Rust', command: ['x'] },
  { id: 'python', name: 'Python', language: 'Python', command: ['y'] },
];

/** A process double: `passes` passes of 1 s each from t = 10 s, RSS = start + slope x minutes + noise, sampled every 100 ms. */
function process(
  id: string,
  o: { slopeMiBPerMin?: number; startMiB?: number; passMs?: (i: number) => number; passes?: number; batches?: boolean; seed?: number } = {},
): MemoryProcess {
  const rand = seededRandom(o.seed ?? 7);
  const passes = o.passes ?? 100;
  const passMs = o.passMs ?? (() => 900 + rand() * 100);
  const batches: MemoryBatch[] = [];
  let t = 10_000;
  for (let i = 0; i < passes; i++) {
    const ms = passMs(i);
    t += ms;
    batches.push({ index: i, size: 32, tokens: 4000, ms, endMs: t });
  }
  const timeline: Array<[number, number]> = [];
  for (let s = 0; s <= t + 500; s += 100) timeline.push([s, ((o.startMiB ?? 300) + (o.slopeMiBPerMin ?? 0) * (s / 60_000) + (rand() - 0.5) * 2) * MiB]);
  return {
    pipelineId: id,
    status: 'ok',
    failure: null,
    wallMs: t + 1000,
    repeat: 5,
    chunks: passes * 32,
    tokens: passes * 4000,
    storedPoints: (passes * 32) / 5,
    peakRssBytes: 400 * MiB,
    rssTimeline: timeline,
    sampleIntervalMs: 100,
    embedStartMs: 10_000,
    embedEndMs: t,
    batches: o.batches === false ? [] : batches,
    stderrFile: 'logs/x',
  };
}

const analyse = (processes: MemoryProcess[]) =>
  memoryAnalysis({ processes, pipelines: PIPELINES, notImplemented: [], repeat: 5, files: 10, bytes: 600_000, threads: 2, mode: 'full', warmupFraction: 0.2 });

describe('memory workload analysis', () => {
  it('flat memory and steady passes in the Rust pipeline: claim 5 holds', () => {
    const m = analyse([process('rust'), process('python', { slopeMiBPerMin: 30 })]);
    const [rust, python] = m.pipelines;
    expect(rust.warmupPasses).toBe(20);
    expect(rust.rss!.trend).toBe('flat');
    expect(Math.abs(rust.rss!.slopeMiBPerMin.value)).toBeLessThan(0.5);
    expect(rust.rss!.slopeMiBPerMin.ciLow).toBeLessThan(0);
    expect(rust.latency!.trend).toBe('steady');
    expect(rust.latency!.unit).toBe('ms per 1,000 tokens');
    expect(python.rss!.trend).toBe('creeps');
    expect(python.rss!.slopeMiBPerMin.value).toBeCloseTo(30, 0);
    expect(m.verdict).toBe('holds');
  });

  it('a Rust pipeline whose RSS grows 10 MiB a minute creeps: claim 5 does not hold', () => {
    const m = analyse([process('rust', { slopeMiBPerMin: 10 })]);
    expect(m.pipelines[0].rss!.trend).toBe('creeps');
    expect(m.pipelines[0].rss!.slopeMiBPerMin.value).toBeCloseTo(10, 0);
    expect(m.verdict).toBe('does not hold');
  });

  it('one pass after warm-up at 3x the median is a pause; the same pass in the warm-up is not', () => {
    const late = analyse([process('rust', { passMs: (i) => (i === 60 ? 3000 : 1000) })]);
    expect(late.pipelines[0].latency!.maxOverP50).toBeCloseTo(3, 5);
    expect(late.pipelines[0].latency!.trend).toBe('pauses');
    expect(late.verdict).toBe('does not hold');
    const early = analyse([process('rust', { passMs: (i) => (i === 5 ? 3000 : 1000) })]);
    expect(early.pipelines[0].latency!.maxOverP50).toBeCloseTo(1, 5);
    expect(early.verdict).toBe('holds');
  });

  it('times passes per 1,000 tokens, so a pass of twice the tokens at twice the time is no pause', () => {
    const passes: MemoryBatch[] = Array.from({ length: 10 }, (_, i) => ({ index: i, size: 32, tokens: i % 2 ? 2000 : 4000, ms: i % 2 ? 500 : 1000, endMs: i }));
    const l = passLatency(passes)!;
    expect(l.p50).toBeCloseTo(250, 6);
    expect(l.maxOverP50).toBeCloseTo(1, 6);
    expect(l.rawMaxMs).toBe(1000);
    expect(passLatency(passes.slice(0, 4))).toBeNull();
    expect(PAUSE_BOUND).toBe(2);
  });
});

describe('memory workload analysis: the rules and the claims row', () => {
  it('against 5% of the start RSS per 10 minutes: under it flat, over it creeps, a wide interval inconclusive', () => {
    expect(memoryTrend(-1, 1.4, 300)).toBe('flat'); // at most 14 MiB of 300 per 10 minutes
    expect(memoryTrend(-1, 2, 300)).toBe('inconclusive'); // up to 20 MiB: not shown either way
    expect(memoryTrend(1.6, 2, 300)).toBe('creeps'); // 16 MiB at least
  });

  it('a pipeline without batch events: no latency ("not implemented"), the RSS slope over its embed stage', () => {
    const m = analyse([process('rust', { batches: false })]);
    const r = m.pipelines[0];
    expect(r.latency).toBeNull();
    expect(r.notes.join(' ')).toMatch(/not implemented/);
    expect(r.rss!.trend).toBe('flat');
    expect(m.verdict).toBe('inconclusive');
  });

  it('no Rust pipeline in the run: inconclusive', () => {
    expect(analyse([process('python')]).verdict).toBe('inconclusive');
  });

  it("claim 5's row: each pipeline's slope and tail, Rust's with verdicts, the rule stated", () => {
    const memory = analyse([process('rust'), process('python', { slopeMiBPerMin: 30 })]);
    const row = memoryClaim({ pipelines: PIPELINES, memory } as unknown as RunSummary)!;
    expect(row.verdict).toBe('holds');
    expect(row.figures.map((f) => [f.unit, f.verdict])).toEqual([
      ['MiB/min', 'holds'],
      ['ratio', 'holds'],
      ['MiB/min', undefined],
      ['ratio', undefined],
    ]);
    expect(row.rule).toMatch(/every Rust pipeline/);
    expect(memoryClaim({ pipelines: PIPELINES } as unknown as RunSummary)).toBeNull();
  });
});

describe('memory workload settings', () => {
  it("repeat from the config's memory section, or the defaults (5; 2 with --quick on a 200 KB subset)", () => {
    expect(memorySettings('memory', 'default', undefined).memory).toEqual({ repeat: 5, quickBytes: null, warmupFraction: 0.2, speakers: [] });
    expect(memorySettings('memory', 'quick', undefined).memory).toEqual({ repeat: 2, quickBytes: 200_000, warmupFraction: 0.2, speakers: [] });
    expect(memorySettings('memory', 'default', { repeat: 3, quickRepeat: 1 }).memory!.repeat).toBe(3);
    expect(memorySettings('memory', 'quick', { repeat: 3, quickRepeat: 1 }).memory!.repeat).toBe(1);
    expect(memorySettings('memory', 'default', undefined, { memory: ['rust'] }).memory!.speakers).toEqual(['rust']);
    expect(memorySettings('index', 'default', { repeat: 3 })).toEqual({});
  });
});

describe('the batch event in the protocol', () => {
  const line = (o: object) => JSON.stringify(o);
  const run = () => {
    const t = new ProtocolTracker(0);
    t.accept(parseProtocolLine(line({ event: 'ready', t_ms: 1, pipeline: 'x', runtime: { name: 'n', version: '1' }, libraries: {}, threads: 2 })));
    return t;
  };
  const batch = (index: number, extra: object = {}) =>
    parseProtocolLine(line({ event: 'batch', t_ms: 5, stage: 'embed', index, size: 32, tokens: 10, ms: 4, ...extra }));

  it('is accepted inside the embed stage, numbered 0, 1, 2, ...', () => {
    const t = run();
    t.accept(parseProtocolLine(line({ event: 'start', t_ms: 2, stage: 'embed' })));
    t.accept(batch(0));
    t.accept(batch(1));
    expect(() => t.accept(batch(3))).toThrow(/batch.index 3 where 2 was next/);
  });

  it('is rejected outside the embed stage, and with a missing or bad field', () => {
    expect(() => run().accept(batch(0))).toThrow(ProtocolError);
    expect(() => batch(0, { stage: 'read' })).toThrow(/batch.stage must be "embed"/);
    expect(() => batch(0, { ms: 'slow' })).toThrow(/batch.ms missing or not a number/);
    expect(() => batch(0, { size: 0 })).toThrow(/size >= 1/);
  });
});
