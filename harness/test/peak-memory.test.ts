/**
 * Peak memory is the kernel's peak: a spike between two samples still counts, through each
 * process's VmHWM (read at its last sample) and the pipeline's ru_maxrss (bench-launcher's wait4).
 * Real processes: python3 really allocates and frees 200 MiB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { TreeSampler } from '../src/measure/sampler.js';
import { runPipelineProcess } from '../src/run/spawn.js';

const MiB = 1024 * 1024;
/** Allocates 200 MiB (bytearray touches every page), frees it at once (glibc unmaps a block this big). */
const SPIKE = 'b = bytearray(200 << 20); del b';

describe('peak memory includes spikes that sampling misses', () => {
  it("a grandchild's spike between two samples counts, by its VmHWM at its last sample", async () => {
    // root -> grandchild; the grandchild spikes, frees, says so, then idles until killed.
    const grandchild = `import sys, time\n${SPIKE}\nprint('freed', flush=True)\ntime.sleep(30)`;
    const root = spawn('python3', ['-c', `import subprocess, sys\np = subprocess.Popen([sys.executable, '-c', ${JSON.stringify(grandchild)}])\np.wait()`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // No timed samples: the test decides when the one sample after the spike happens.
    const sampler = new TreeSampler(root.pid!, { intervalMs: 3_600_000, walkEveryMs: 0 }).start();
    for await (const line of createInterface({ input: root.stdout! })) if (line === 'freed') break;
    sampler.sample();
    for (const p of sampler.seenProcesses()) process.kill(p.pid, 'SIGKILL');
    const r = sampler.stop();

    expect(r.sampledPeakRssBytes).toBeLessThan(100 * MiB); // the sum never saw the spike
    expect(r.peakRssBytes).toBeGreaterThan(200 * MiB);
  });

  it("the pipeline's own spike after its last sample counts, by wait4's ru_maxrss", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'peak-'));
    // A minimal protocol speaker: ready, a 200 MiB spike, done.
    const script = [
      'import json, time',
      'emit = lambda e, **f: print(json.dumps({"event": e, "t_ms": time.monotonic_ns() / 1e6, **f}), flush=True)',
      'emit("ready", pipeline="spike", runtime={"name": "python", "version": "3"}, libraries={}, threads=1)',
      SPIKE,
      'emit("done", documents=0, skipped_files=[], chunks=0, tokens=0, points=0, overlapped=[])',
    ].join('\n');
    const outcome = await runPipelineProcess({
      command: ['python3', '-c', script],
      workloadPath: path.join(dir, 'unused.json'),
      cwd: dir,
      env: {},
      timeoutMs: 60_000,
      sampleIntervalMs: 3_600_000, // one sample at spawn, none during the spike
      stderrPath: path.join(dir, 'stderr.log'),
      launcherReportPath: path.join(dir, 'launcher.json'),
    });

    expect(outcome.failure).toBeNull();
    expect(outcome.resources!.sampledPeakRssBytes ?? 0).toBeLessThan(100 * MiB);
    expect(outcome.resources!.peakRssBytes).toBeGreaterThan(200 * MiB);
    expect(outcome.resources!.peakRssBytes).toBeLessThan(300 * MiB); // not the harness's RSS inherited through fork
  });
});
