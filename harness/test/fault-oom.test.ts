/**
 * A pipeline that runs out of memory is reported as such, not as a generic crash. The limit is a
 * memory cgroup of its own (v1 or v2, where this machine lets us create one), so the kernel's
 * OOM killer acts as it would on a machine that ran out of memory.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelineProcess } from '../src/run/spawn.js';

/** A fresh memory cgroup limited to `bytes` under our own, or null when we may not create one. */
function memoryCgroup(bytes: number): { procs: string; remove(): void } | null {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const v1 = lines.find((l) => /^\d+:memory:/.test(l))?.split(':')[2];
  const v2 = lines.find((l) => l.startsWith('0::'))?.slice(3);
  const candidates = [
    v1 !== undefined && { dir: path.join('/sys/fs/cgroup/memory', v1), limit: 'memory.limit_in_bytes' },
    v2 !== undefined && { dir: path.join('/sys/fs/cgroup', v2), limit: 'memory.max' },
  ].filter(Boolean) as Array<{ dir: string; limit: string }>;
  for (const { dir, limit } of candidates) {
    const mine = path.join(dir, `bench-oom-${process.pid}`);
    try {
      mkdirSync(mine);
      if (!existsSync(path.join(mine, limit))) throw new Error('no memory controller here');
      writeFileSync(path.join(mine, limit), String(bytes));
      return { procs: path.join(mine, 'cgroup.procs'), remove: () => rmdirSync(mine) };
    } catch {
      if (existsSync(mine)) rmdirSync(mine);
    }
  }
  return null;
}

const cgroup = memoryCgroup(150 * 2 ** 20);

describe('a pipeline that runs out of memory', () => {
  it.skipIf(cgroup === null)('is reported as out of memory, with its peak (memory cgroup of 150 MiB)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oom-'));
    const script = [
      'import json, time',
      'print(json.dumps({"event": "ready", "t_ms": time.monotonic_ns() / 1e6, "pipeline": "oom", "runtime": {"name": "python", "version": "3"}, "libraries": {}, "threads": 1}), flush=True)',
      'b = bytearray(400 << 20)',
    ].join('\n');
    try {
      const outcome = await runPipelineProcess({
        // Joins the cgroup, then becomes the pipeline.
        command: ['sh', '-c', `echo $$ > ${cgroup!.procs} && exec python3 -c '${script}'`],
        workloadPath: path.join(dir, 'unused.json'),
        cwd: dir,
        env: {},
        timeoutMs: 60_000,
        sampleIntervalMs: 100,
        stderrPath: path.join(dir, 'stderr.log'),
        launcherReportPath: path.join(dir, 'launcher.json'),
      });
      expect(outcome.failure?.kind).toBe('out-of-memory');
      expect(outcome.failure?.message).toMatch(/^out of memory: the kernel's OOM killer killed the pipeline; peak RSS 1\d\d MiB$/);
    } finally {
      cgroup!.remove();
    }
  });
});
