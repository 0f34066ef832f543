/** Each pipeline's end to end split into fixed cost (start-up + model load) and per-chunk cost, and the corpus size at which two pipelines swap places. */
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { crossoverLines } from '../src/report/text.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

describe('fixed and per-chunk cost', () => {
  // slow to start, fast per chunk vs fast to start, slow per chunk; 400 chunks of a 12,345-byte corpus
  const run = summarize(
    syntheticRun(
      [
        { id: 'heavy', name: 'Heavy start', stages: { startup: 4000, model_load: 1000, read: 10, chunk: 10, embed: 400, upsert: 80 }, noise: 0.001 },
        { id: 'light', name: 'Light start', stages: { startup: 100, model_load: 100, read: 10, chunk: 10, embed: 1600, upsert: 80 }, noise: 0.001 },
      ],
      3,
    ),
  );

  it('splits end to end into fixed and per-chunk cost', () => {
    const [heavy, light] = run.costs!.pipelines;
    expect(heavy.fixedMs).toBeCloseTo(5000, -1);
    expect(heavy.perChunkMs).toBeCloseTo(505 / 400, 1); // read + chunk + embed + upsert + 5 ms of the rest, per chunk
    expect(light.fixedMs).toBeCloseTo(200, -1);
    expect(heavy.fixedDominates).toBe(true);
    expect(light.fixedDominates).toBe(false);
  });

  it('finds where they swap places, in chunks and in corpus bytes', () => {
    const [c] = run.costs!.crossovers;
    // 5000 + 1.2625 n = 200 + 4.2625 n  ->  n = 1600 chunks
    expect(c.chunks).toBeCloseTo(1600, -1);
    expect(c.corpusBytes / c.chunks).toBeCloseTo(12345 / 400, 6);
    expect(c.fasterBeyond).toBe('heavy');
    expect(crossoverLines(run)[0]).toMatch(/^Heavy start and Light start swap places at about 1,6\d\d chunks .*; beyond it Heavy start is faster\.$/);
  });
});
