import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithFakes, fakePipeline } from './helpers.js';

describe('a pipeline that crashes', () => {
  it('fails that iteration with the reason; the run goes on; exit code non-zero', async () => {
    const { summary, exitCode, runDir } = await benchWithFakes([fakePipeline('good'), fakePipeline('bad', { FAKE_CRASH: 'embed' })], { iterations: 2 });
    const bad = summary.iterations.filter((i) => i.pipelineId === 'bad');
    const good = summary.iterations.filter((i) => i.pipelineId === 'good');
    expect(bad).toHaveLength(2);
    expect(bad.every((i) => i.status === 'failed' && i.failure?.kind === 'crash' && /crashed \(exit code 3\) before "done"/.test(i.failure.message))).toBe(
      true,
    );
    expect(good.every((i) => i.status === 'ok')).toBe(true);
    expect(exitCode).toBe(1);
    // every finished iteration is in iterations.jsonl, the failures included
    const lines = readFileSync(path.join(runDir, 'iterations.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // in the order they ran (rounds are shuffled), so compared as a multiset with the summary's
    expect(lines.map((l) => `${l.pipelineId}:${l.status}`)).toEqual(summary.iterations.map((i) => `${i.pipelineId}:${i.status}`));
    expect(lines.map((l) => `${l.pipelineId}:${l.status}`).sort()).toEqual(['bad:failed', 'bad:failed', 'good:ok', 'good:ok']);
    expect(summary.summaries.find((s) => s.pipelineId === 'bad')?.verified).toBe(false);
  });

  it('an error event becomes the failure message', async () => {
    const { summary, exitCode } = await benchWithFakes([fakePipeline('err', { FAKE_ERROR: 'chunk' })]);
    expect(summary.iterations[0].failure).toEqual({
      kind: 'error-event',
      stage: 'chunk',
      message: 'pipeline error in chunk: fake failure in chunk (FAKE_ERROR)',
    });
    expect(exitCode).toBe(1);
  });
});
