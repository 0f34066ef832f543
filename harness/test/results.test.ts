import { appendFileSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendIteration, createRunDir, newRunId, readIterations, updateLatestLink, writeJsonAtomic } from '../src/results/index.js';
import type { IterationResult } from '../src/types.js';

describe('results directory', () => {
  it('appends iterations, writes atomically, points latest at the newest run', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'results-'));
    const first = newRunId(new Date('2026-01-01T00:00:00Z'));
    expect(first).toMatch(/^2026-01-01T00-00-00Z-[0-9a-f]{1,4}$/);
    const dir = createRunDir(out, first);
    appendIteration(dir, { pipelineId: 'a' } as IterationResult);
    appendIteration(dir, { pipelineId: 'b' } as IterationResult);
    expect(readFileSync(path.join(dir, 'iterations.jsonl'), 'utf8')).toBe('{"pipelineId":"a"}\n{"pipelineId":"b"}\n');
    writeJsonAtomic(path.join(dir, 'summary.json'), { x: 1 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    updateLatestLink(out, first);
    const second = newRunId();
    createRunDir(out, second);
    updateLatestLink(out, second);
    expect(readlinkSync(path.join(out, 'latest'))).toBe(second);
  });

  it('reads the appended iterations back in order, as they were; names a line that is not JSON', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'results-'));
    const dir = createRunDir(out, newRunId());
    expect(readIterations(dir)).toEqual([]); // nothing finished yet: no file
    const written = [
      { pipelineId: 'a', wallMs: 0.1 + 0.2, failure: null },
      { pipelineId: 'b', wallMs: 1e-7, failure: { kind: 'crash', message: 'exit 3, "quoted"\nsecond line' } },
    ] as unknown as IterationResult[];
    for (const it of written) appendIteration(dir, it);
    expect(readIterations(dir)).toEqual(written);
    appendFileSync(path.join(dir, 'iterations.jsonl'), '{"pipelineId": "c"\n');
    expect(() => readIterations(dir)).toThrow(new RegExp(`^${path.join(dir, 'iterations.jsonl')} line 3 is not JSON`));
    rmSync(out, { recursive: true });
  });
});
