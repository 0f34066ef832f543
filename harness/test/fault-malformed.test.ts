import { describe, expect, it } from 'vitest';
import { benchWithFakes, fakePipeline } from './helpers.js';

describe('a pipeline that prints a malformed protocol line', () => {
  it('fails that iteration naming the line; the others run; exit code non-zero', async () => {
    const { summary, exitCode } = await benchWithFakes([fakePipeline('chatty', { FAKE_MALFORMED: 'chunk' }), fakePipeline('ok')]);
    const bad = summary.iterations.find((i) => i.pipelineId === 'chatty')!;
    expect(bad.status).toBe('failed');
    expect(bad.failure).toEqual({ kind: 'protocol', message: 'protocol: malformed line (not JSON): "this is not a protocol line {"' });
    // stages before the bad line were still recorded
    expect(bad.stages.map((s) => s.stage)).toEqual(['startup', 'read']); // stub mode: no model_load
    expect(summary.iterations.find((i) => i.pipelineId === 'ok')!.status).toBe('ok');
    expect(exitCode).toBe(1);
  });
});
