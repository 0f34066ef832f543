import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TreeSampler } from '../src/measure/sampler.js';

const MiB = 1024 * 1024;

/** A child that allocates and touches `mib` MiB, holds it for a while, then exits. */
function allocatingChild(mib: number, grandchildMib = 0) {
  const grand = grandchildMib
    ? `const g=require('child_process').spawn(process.execPath,['-e','const b=Buffer.alloc(${grandchildMib}*1048576);for(let i=0;i<b.length;i+=4096)b[i]=1;setTimeout(()=>{},1200)'],{stdio:'ignore'});`
    : '';
  const code = `${grand}const b=Buffer.alloc(${mib}*1048576);for(let i=0;i<b.length;i+=4096)b[i]=1;let x=0;const t=Date.now();while(Date.now()-t<300)x++;setTimeout(()=>process.exit(0),1200);`;
  return spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
}

async function measure(child: ReturnType<typeof spawn>) {
  const sampler = new TreeSampler(child.pid!, { intervalMs: 5 }).start();
  await new Promise((r) => child.once('exit', r));
  return sampler.stop();
}

describe('/proc sampler of a process tree', () => {
  it('sees a child that allocates a known amount within a sensible band', async () => {
    const r = await measure(allocatingChild(200));
    // node itself is ~40-60 MiB resident; the buffer adds 200 MiB.
    expect(r.peakRssBytes).toBeGreaterThan(200 * MiB);
    expect(r.peakRssBytes).toBeLessThan(330 * MiB);
    expect(r.maxProcessHwmBytes).toBeGreaterThan(200 * MiB);
    expect(r.rssTimeline.length).toBeGreaterThan(20);
    expect(r.cpuUserMs + r.cpuSystemMs).toBeGreaterThan(100); // it busy-looped 300 ms
  });

  it('sums the whole tree (a grandchild counts)', async () => {
    const r = await measure(allocatingChild(100, 150));
    expect(r.peakRssBytes).toBeGreaterThan(250 * MiB);
    expect(r.maxProcessHwmBytes).toBeLessThan(250 * MiB); // each process's own peak stays its own
  });

  it('a parent with large RSS does not inflate the child figure', async () => {
    const ballast = Buffer.alloc(400 * MiB);
    for (let i = 0; i < ballast.length; i += 4096) ballast[i] = 1;
    const r = await measure(allocatingChild(50));
    expect(r.peakRssBytes).toBeLessThan(200 * MiB);
    expect(r.maxProcessHwmBytes).toBeLessThan(200 * MiB);
    expect(ballast[4096]).toBe(1);
  });
});
