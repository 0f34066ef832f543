/**
 * The store's own use per iteration: its CPU as a delta over the iteration (not since it
 * started) and its RSS growth beside its absolute RSS. A real process stands for the store: it
 * burns CPU before the iteration, then allocates 100 MiB during it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { StoreSampler } from '../src/measure/store-usage.js';

const MiB = 2 ** 20;

describe('the store sampled over one iteration', () => {
  it('reports the CPU it used during the iteration, and its RSS growth beside its absolute RSS', async () => {
    const script = [
      'import sys, time',
      't = time.process_time()',
      'while time.process_time() - t < 0.5: pass', // 500 ms of CPU before the iteration
      'print("ready", flush=True)',
      'sys.stdin.readline()', // the iteration starts
      'b = bytearray(100 << 20)',
      'print("grown", flush=True)',
      'sys.stdin.readline()',
    ].join('\n');
    const store = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'ignore'] });
    const lines = createInterface({ input: store.stdout! })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('ready');

    const sampler = new StoreSampler(store.pid!, 20).start();
    store.stdin!.write('go\n');
    expect((await lines.next()).value).toBe('grown');
    await new Promise((r) => setTimeout(r, 100));
    const usage = sampler.stop();
    store.stdin!.end('\n');

    expect(usage.cpuUserMs + usage.cpuSystemMs).toBeLessThan(400); // the 500 ms before the iteration are not counted
    expect(usage.rssGrowthBytes).toBeGreaterThan(95 * MiB);
    expect(usage.rssStartBytes).toBeGreaterThan(1 * MiB);
    expect(usage.rssStartBytes).toBeLessThan(50 * MiB);
    expect(usage.peakRssBytes).toBeGreaterThan(usage.rssStartBytes + 95 * MiB);
  });
});
