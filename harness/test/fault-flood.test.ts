/**
 * A pipeline that floods stderr (100 MB) or stdout (a huge line, many progress lines): the harness
 * stays bounded in memory and keeps the tail for the report. Real processes.
 */
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelineProcess } from '../src/run/spawn.js';

const MiB = 2 ** 20;
const PREAMBLE = [
  'import json, sys, time',
  'emit = lambda e, **f: print(json.dumps({"event": e, "t_ms": time.monotonic_ns() / 1e6, **f}), flush=True)',
  'emit("ready", pipeline="flood", runtime={"name": "python", "version": "3"}, libraries={}, threads=1)',
];
const DONE = 'emit("done", documents=0, skipped_files=[], chunks=0, tokens=0, points=0, overlapped=[])';

async function run(lines: string[], onEvent?: () => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flood-'));
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const outcome = await runPipelineProcess({
    command: ['python3', '-c', [...PREAMBLE, ...lines].join('\n')],
    workloadPath: path.join(dir, 'unused.json'),
    cwd: dir,
    env: {},
    timeoutMs: 120_000,
    sampleIntervalMs: 100,
    stderrPath: path.join(dir, 'stderr.log'),
    launcherReportPath: path.join(dir, 'launcher.json'),
    onEvent,
  });
  const harnessGrowth = process.resourceUsage().maxRSS * 1024 - maxRssBefore;
  return { outcome, harnessGrowth, stderrBytes: statSync(path.join(dir, 'stderr.log')).size };
}

describe('a pipeline flooding its output', () => {
  it('100 MB of stderr then a crash: the tail is quoted, the harness never holds the log', async () => {
    const { outcome, harnessGrowth, stderrBytes } = await run([
      'line = "x" * 999 + "\\n"',
      'for _ in range(100_000): sys.stderr.write(line)',
      'sys.stderr.write("the last words: out of patience\\n")',
      'sys.exit(3)',
    ]);
    expect(stderrBytes).toBeGreaterThan(100e6);
    expect(outcome.failure?.kind).toBe('crash');
    expect(outcome.failure?.message).toMatch(/crashed \(exit code 3\) before "done"; stderr: .*the last words: out of patience$/s);
    expect(harnessGrowth).toBeLessThan(60 * MiB);
  });

  it('a 50 MB stdout line without a newline fails the iteration naming the limit, without buffering it', async () => {
    const { outcome, harnessGrowth } = await run(['sys.stdout.write("y" * (50 << 20))', 'sys.stdout.flush()', 'time.sleep(30)', DONE]);
    expect(outcome.failure?.kind).toBe('protocol');
    expect(outcome.failure?.message).toMatch(/protocol: a stdout line longer than 1048576 bytes \(starting "yyyy/);
    expect(harnessGrowth).toBeLessThan(60 * MiB);
  });

  it('100,000 progress lines: every one parsed, the run succeeds, memory stays bounded', async () => {
    let events = 0;
    const { outcome, harnessGrowth } = await run(
      [
        'for i in range(100_000): print(json.dumps({"event": "progress", "t_ms": time.monotonic_ns() / 1e6, "stage": "embed", "done": i, "total": 100_000}))',
        'sys.stdout.flush()',
        DONE,
      ],
      () => events++,
    );
    expect(outcome.failure).toBeNull();
    expect(events).toBe(100_002); // ready, the progress lines, done
    expect(harnessGrowth).toBeLessThan(60 * MiB);
  });
});
