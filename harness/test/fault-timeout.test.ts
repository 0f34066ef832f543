import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../src/measure/proc.js';
import { benchWithFakes, fakePipeline } from './helpers.js';

describe('a pipeline that hangs past --timeout', () => {
  it('is killed with its whole process tree, recorded as failed, and the run goes on', async () => {
    const pidFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'pids-')), 'pids');
    const { summary, exitCode } = await benchWithFakes(
      [fakePipeline('hang', { FAKE_HANG: 'embed', FAKE_CHILD_ALLOC_MB: '20', FAKE_PID_FILE: pidFile }), fakePipeline('ok')],
      {},
      ['--timeout', '3'],
    );
    const hang = summary.iterations.find((i) => i.pipelineId === 'hang')!;
    expect(hang.status).toBe('failed');
    expect(hang.failure?.kind).toBe('timeout');
    expect(hang.failure?.message).toMatch(/^still running after 3 s/);
    expect(summary.iterations.find((i) => i.pipelineId === 'ok')!.status).toBe('ok');
    expect(exitCode).toBe(1);
    // The pipeline and its grandchild (which would outlive it) are both gone.
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    // SIGKILL is delivered asynchronously: give the kernel a moment before looking.
    for (let i = 0; i < 20 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(isAlive)).toEqual([]);
    // The grandchild's 20 MiB was sampled as part of the tree.
    expect(hang.resources!.peakRssBytes).toBeGreaterThan(2 * 20 * 1024 * 1024);
  });
});
