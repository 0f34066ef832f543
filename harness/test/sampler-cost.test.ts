/** The harness stays out of the measurement: the tree is walked rarely, known pids are read in between. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TreeSampler } from '../src/measure/sampler.js';

describe('the sampler re-walks the tree rarely', () => {
  it("reads memory every interval but walks every thread's children only every walkEveryMs", async () => {
    // A 1 s process with a child appearing after 400 ms: it must still be found by a later walk.
    const code = `setTimeout(()=>require('child_process').spawn(process.execPath,['-e','const b=Buffer.alloc(64<<20,1);setTimeout(()=>{},800)'],{stdio:'ignore'}),400);setTimeout(()=>{},1500)`;
    const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    const sampler = new TreeSampler(child.pid!, { intervalMs: 10, walkEveryMs: 250 }).start();
    await new Promise((r) => child.once('exit', r));
    const r = sampler.stop();
    expect(sampler.counts.samples).toBeGreaterThan(60);
    expect(sampler.counts.walks).toBeLessThan(sampler.counts.samples / 10);
    expect(sampler.seenProcesses().length).toBe(2); // the late child was found
    expect(r.peakRssBytes).toBeGreaterThan(64 * 2 ** 20);
  });
});

describe("the harness's own CPU", () => {
  it('is recorded per iteration and its share of the pipeline CPU is stated in the report', async () => {
    const { benchWithFakes, fakePipeline } = await import('./helpers.js');
    const { renderHtml } = await import('../src/report/html.js');
    const { summary } = await benchWithFakes([fakePipeline('busy', { FAKE_BUSY: '1', FAKE_STAGE_MS: '200' })]);
    const it = summary.iterations[0];
    expect(it.harnessCpuMs).toBeGreaterThan(0);
    expect(it.harnessCpuMs!).toBeLessThan(it.resources!.cpuUserMs + it.resources!.cpuSystemMs);
    const html = renderHtml({ summary, history: [] } as never);
    expect(html).toMatch(/<dt>harness CPU<\/dt><dd>\d+\.\d\d% \(Fake busy\) of the pipeline&#39;s CPU, median per iteration<\/dd>/);
  });
});
