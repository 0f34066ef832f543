/**
 * `--claims` and its tokenize and memory parts (run/claims-plan.ts): planned when a pipeline of
 * the run speaks the job (the config's sets "tokenize", "memory"), with the claims run's own
 * smaller settings (tokenize: 20 MB, 5 MB with --quick, 3 runs; memory: 2 copies of the 300 KB
 * budget, --quick its own 2 copies of 200 KB), a flag given winning over them.
 */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { MEMORY_DEFAULTS } from '../src/config/memory.js';
import { partsSentence } from '../src/report/claims.js';
import { CLAIMS_SETTINGS, claimsParts, partSettings } from '../src/run/claims-plan.js';
import { fakePipeline, writeTestConfig } from './helpers.js';

const plan = (extra: Record<string, unknown>, ...flags: string[]) =>
  claimsParts(parseBenchArgs(['--config', writeTestConfig([fakePipeline('a'), fakePipeline('b')], { mode: 'full', ...extra }), '--claims', ...flags])!);
const speaking = { sets: { tokenize: ['a'], memory: ['b'] } };
const part = (parts: ReturnType<typeof plan>, w: string) => parts.find((p) => p.workload === w)!.config;

describe('--claims: the tokenize and memory parts', () => {
  it('run after scale and before threads, only when a pipeline of the run speaks the job', () => {
    expect(plan(speaking).map((p) => p.workload)).toEqual(['overhead', 'scale', 'tokenize', 'memory', 'threads']);
    expect(plan({}).map((p) => p.workload)).toEqual(['overhead', 'scale', 'threads']);
    expect(plan(speaking, '--pipelines', 'b').map((p) => p.workload)).toEqual(['overhead', 'scale', 'memory', 'threads']);
  });

  it('tokenize: the corpus grown to 20 MB (5 MB with --quick), 3 runs (claim 3 needs 2); --tokenize-bytes wins', () => {
    const t = part(plan(speaking), 'tokenize');
    expect([t.tokenize!.targetBytes, t.warmup, t.iterations]).toEqual([20_000_000, 0, 3]);
    expect(part(plan(speaking, '--quick'), 'tokenize').tokenize!.targetBytes).toBe(CLAIMS_SETTINGS.tokenizeBytes.quick);
    expect(CLAIMS_SETTINGS.tokenizeBytes.quick).toBe(5_000_000);
    expect(part(plan(speaking, '--tokenize-bytes', '1M'), 'tokenize').tokenize!.targetBytes).toBe(1_000_000);
  });

  it('memory: 2 copies of the 300 KB budget, one process per pipeline; --quick keeps its own 2 copies of 200 KB', () => {
    const m = part(plan(speaking), 'memory');
    expect([m.memory!.repeat, m.memory!.quickBytes, m.warmup, m.iterations]).toEqual([2, 300_000, 0, 1]);
    const q = part(plan(speaking, '--quick'), 'memory');
    expect([q.memory!.repeat, q.memory!.quickBytes]).toEqual([MEMORY_DEFAULTS.quickRepeat, MEMORY_DEFAULTS.quickBytes]);
    expect(part(plan(speaking, '--full'), 'memory').memory!.repeat).toBe(MEMORY_DEFAULTS.repeat);
  });
});

describe("--claims: each part's settings in the report", () => {
  it('names what every figure rests on, and the claims section lists it beside the part', () => {
    const words = plan(speaking).map(partSettings);
    expect(words).toEqual([
      'the 300 KB budget, 0 warmup + 1 runs per mode',
      'sizes 16000, 200000, 0 warmup (first size) + 5 runs each',
      'the corpus grown to 20 MB, 3 runs',
      '2 copies of the 300 KB budget, one process per pipeline',
      `the 40 KB budget, ${Array.from({ length: os.availableParallelism() }, (_, i) => i + 1).join(', ')} threads, 1 warmup + 5 runs per count`,
    ]);
    const sentence = partsSentence([{ workload: 'memory', runDir: 'parts/x', status: 'complete', ms: 2000, settings: words[3] }]);
    expect(sentence).toContain('--workload memory on 2 copies of the 300 KB budget, one process per pipeline (complete, 2 s) in parts/x');
  });
});
