/**
 * A job process's failure is an outcome (`kind` + `message`), like an index iteration's: each way
 * a query or tokenize process can end, played by a few lines of node standing in for a pipeline
 * (test doubles of the harness's own logic; the real pipelines' runs are in *-real-processes).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptJobEvent, type JobReadState } from '../src/run/job-events.js';
import { runJobProcess } from '../src/run/job-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'job-process-'));

/** Runs a double that prints `lines` (JSON-encoded unless strings) and exits with `exit`, after `waitMs`. */
async function play(lines: unknown[], exit = 0, opts: { waitMs?: number; timeoutMs?: number } = {}) {
  const out = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const script = `process.stdout.write(${JSON.stringify(out ? `${out}\n` : '')}); setTimeout(() => process.exit(${exit}), ${opts.waitMs ?? 0});`;
  const state: JobReadState = { done: false, error: null };
  const accept = (ev: Record<string, unknown>) => acceptJobEvent(ev, state, { ready: () => {}, end: () => null, done: () => null });
  return runJobProcess(
    {
      command: ['node', '-e', script],
      workloadPath: path.join(dir, 'unused.json'),
      cwd: dir,
      env: {},
      timeoutMs: opts.timeoutMs ?? 20_000,
      stderrPath: path.join(dir, 'stderr.log'),
    },
    { maxLineBytes: 1 << 20, accept, state },
  );
}

const done = { event: 'done', t_ms: 2 };

describe('runJobProcess: how a job process ended', () => {
  it('done and exit 0: no failure', async () => {
    expect((await play([done])).failure).toBeNull();
  });

  it("the pipeline's error event", async () => {
    const end = await play([{ event: 'error', t_ms: 1, stage: 'query_c4', message: 'boom' }], 1);
    expect(end.failure).toEqual({ kind: 'error-event', message: 'stage query_c4: boom', stage: null });
  });

  it('exit 0 without done is a protocol break; a non-zero exit, with or without done, a crash', async () => {
    expect((await play([], 0)).failure).toEqual({ kind: 'protocol', message: 'exited with 0 without a done event' });
    expect((await play([], 3)).failure).toEqual({ kind: 'crash', message: 'exited with 3 without a done event', exitCode: 3, signal: null });
    expect((await play([done], 2)).failure).toEqual({ kind: 'crash', message: 'exited with 2 after done', exitCode: 2, signal: null });
  });

  it('a line that is not JSON, or an event that breaks the protocol', async () => {
    expect((await play(['hello'])).failure).toMatchObject({ kind: 'protocol', message: 'protocol: not a JSON line on stdout: "hello"' });
    expect((await play([{ event: 'nope', t_ms: 1 }])).failure).toMatchObject({ kind: 'protocol', message: 'protocol: unknown event "nope"' });
  });

  it('still running after the timeout: killed, with the limit', async () => {
    const end = await play([], 0, { waitMs: 30_000, timeoutMs: 300 });
    expect(end.failure).toMatchObject({ kind: 'timeout', timeoutMs: 300 });
    expect(end.wallMs).toBeLessThan(10_000);
  });
});
