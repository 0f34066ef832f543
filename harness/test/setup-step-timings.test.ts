/** Set-up titles each long step with how long it took the last time it did work, and a cached run does not count. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

let timedStep: typeof import('../src/setup/step-timings.js').timedStep;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'setup-timings-'));
  vi.stubEnv('RAG_BENCH_CACHE_DIR', cacheDir);
  vi.resetModules();
  ({ timedStep } = await import('../src/setup/step-timings.js'));
});

const recorded = () => JSON.parse(readFileSync(path.join(cacheDir, 'setup-timings.json'), 'utf8'));

describe('set-up step timings', () => {
  it('a step that did work says how long it took, and the next run says how long the last one took', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = { title: 'Rust release build' };
    await timedStep(first, 'rust-build', async () => {
      vi.advanceTimersByTime(125_000);
      return 'built';
    });
    expect(first.title).toBe('Rust release build (took 2m05s)');
    expect(recorded()['rust-build']).toBe(125_000);

    const second = { title: 'Rust release build' };
    let titleWhileRunning = '';
    await timedStep(second, 'rust-build', async () => {
      titleWhileRunning = second.title;
      return 'cached';
    });
    expect(titleWhileRunning).toBe('Rust release build (last time 2m05s)');
    expect(second.title).toBe('Rust release build (cached)');
    // a cached run is not a comparable one: the figure stays
    expect(recorded()['rust-build']).toBe(125_000);
    vi.useRealTimers();
  });
});
