/**
 * The conformance kit's judges on synthetic runs (no process, no store): what makes an error
 * case or a done case fail, and the reason it gives.
 */
import { describe, expect, it } from 'vitest';
import { doneProblems } from '../src/conformance/expect-done.js';
import { judgeError, spellingsOf } from '../src/conformance/expect-error.js';
import type { CaseRun } from '../src/conformance/outcome.js';
import type { ProtocolEvent } from '../src/run/protocol.js';
import type { OverlapGroup } from '../src/types.js';

const ready = { event: 'ready', t_ms: 1, pipeline: 'p', runtime: { name: 'x', version: '1' }, libraries: {}, threads: 2 } as ProtocolEvent;
const errorEvent = (stage: string | null, message: string) => ({ event: 'error', t_ms: 2, stage, message }) as ProtocolEvent;
const errorRun = (events: ProtocolEvent[], exitCode = 1): CaseRun => {
  const error = events.find((e) => e.event === 'error') as { stage: null; message: string } | undefined;
  return { events, exitCode, failure: error ? { kind: 'error-event', stage: error.stage, message: error.message } : null };
};
const placeholders = { corpus_dir: ['/t/corpus', '/real/corpus'], workload: ['/w.json'] };
const fieldError = { error: { stage: null, names: ['chunking.chunk_size'] } };

describe('an error case', () => {
  it('passes with the stage, the name and a non-zero exit, quoting the message', () => {
    const run = errorRun([errorEvent(null, 'workload: chunking.chunk_size must be >= 1')]);
    expect(judgeError(run, fieldError, placeholders)).toEqual({ kind: 'pass', message: '"workload: chunking.chunk_size must be >= 1"' });
  });

  it('fails when the message names no field', () => {
    const outcome = judgeError(errorRun([errorEvent(null, 'invalid workload')]), fieldError, placeholders);
    expect(outcome).toEqual({ kind: 'fail', message: 'the message does not name "chunking.chunk_size": "invalid workload"' });
  });

  it('fails on the wrong stage, events before a workload error, and exit code 0', () => {
    const outcome = judgeError(errorRun([ready, errorEvent('read', 'chunking.chunk_size')], 0), fieldError, placeholders);
    expect(outcome.kind).toBe('fail');
    expect(outcome.message).toBe(
      'stage read, expected null (workload validation); events before a workload error (ready): nothing may precede validation; ' +
        'exit code 0 after an error event (must be non-zero): "chunking.chunk_size"',
    );
  });

  it('fails without ready before an error of a stage', () => {
    const expected = { error: { stage: 'read' as const, names: ['{corpus_dir}'] } };
    expect(judgeError(errorRun([errorEvent('read', 'corpus /real/corpus: no files')]), expected, placeholders).message).toMatch(
      /^no ready event before an error after validation/,
    );
    expect(judgeError(errorRun([ready, errorEvent('read', 'corpus /real/corpus: no files')]), expected, placeholders).kind).toBe('pass');
  });

  it('says what happened instead of an error: done, a crash, a protocol break', () => {
    const done = { event: 'done', t_ms: 3, documents: 1, skipped_files: [], chunks: 1, tokens: 0, points: 7, overlapped: [] } as ProtocolEvent;
    expect(judgeError(errorRun([ready, done], 0), fieldError, placeholders).message).toBe('finished with done (7 points) instead of an error');
    const crash: CaseRun = { events: [], exitCode: 1, failure: { kind: 'crash', exitCode: 1, signal: null, message: 'crashed (exit code 1) before "done"' } };
    expect(judgeError(crash, fieldError, placeholders).message).toBe('no error event: crashed (exit code 1) before "done"');
    const broken: CaseRun = {
      events: [errorEvent(null, 'chunking.chunk_size')],
      exitCode: 1,
      failure: { kind: 'protocol', message: 'protocol: "x" event after "error"' },
    };
    expect(judgeError(broken, fieldError, placeholders).message).toBe('protocol: "x" event after "error"');
  });

  it('fills placeholders in, any spelling of a path counts', () => {
    expect(spellingsOf('{corpus_dir}', placeholders)).toEqual(['/t/corpus', '/real/corpus']);
    expect(spellingsOf('in {workload}', placeholders)).toEqual(['in /w.json']);
    expect(() => spellingsOf('{nope}', placeholders)).toThrow(/unknown placeholder \{nope\}/);
  });
});

describe('a done case', () => {
  const stage = (name: string, start: number, end: number, counts: Record<string, unknown> = {}, busy = end - start) =>
    [
      { event: 'start', t_ms: start, stage: name },
      { event: 'end', t_ms: end, stage: name, busy_ms: busy, ...counts },
    ] as ProtocolEvent[];
  const doneEvent = (overlapped: OverlapGroup[]) =>
    ({ event: 'done', t_ms: 99, documents: 2, skipped_files: [], chunks: 3, tokens: 0, points: 3, overlapped }) as ProtocolEvent;
  const events = (upsertStart: number, overlapped: OverlapGroup[], readBusy?: number) => [
    ready,
    ...stage('read', 10, 20, { documents: 2, skipped_files: [], bytes: 50 }, readBusy),
    ...stage('chunk', 20, 30, { chunks: 3 }),
    ...stage('embed', 30, 50, { chunks: 3, tokens: 0 }),
    ...stage('upsert', upsertStart, 60, { points: 3 }),
    doneEvent(overlapped),
  ];
  const workload = { threads: 2, mode: 'stub' };
  const run = (e: ProtocolEvent[]): CaseRun => ({ events: e, exitCode: 0, failure: null });

  it('has no problems when stages follow each other and counts agree', () => {
    expect(doneProblems(run(events(50, [])), { done: { chunks: 3 } }, workload, 50)).toEqual([]);
    expect(doneProblems(run(events(40, [{ stages: ['embed', 'upsert'], kind: 'concurrent' }])), { done: {} }, workload, 50)).toEqual([]);
    expect(doneProblems(run(events(40, [{ stages: ['read', 'upsert'], kind: 'concurrent' }])), { done: {} }, workload, 50)).toEqual([
      'upsert starts before embed ends, but no group of done.overlapped ([{"stages":["read","upsert"],"kind":"concurrent"}]) holds both',
    ]);
  });

  it('names an overlap done.overlapped does not declare, a busy time beyond its span, counts that disagree', () => {
    expect(doneProblems(run(events(40, [], 12)), { done: { points: 4 } }, { threads: 1, mode: 'full' }, 49)).toEqual([
      'ready.threads is 2, the workload says 1',
      'no start and end of model_load',
      'read: busy_ms 12 outside its span of 10.000 ms',
      'upsert starts before embed ends, but no group of done.overlapped ([]) holds both',
      'end(read).bytes is 50, expected 49',
      'done.points is 3, expected 4',
    ]);
  });
});
