import { describe, expect, it } from 'vitest';
import { benchWithFakes, fakePipeline } from './helpers.js';

describe('a pipeline command that cannot start', () => {
  it('fails its iterations with the reason; the others run', async () => {
    const missing = { id: 'missing', name: 'Missing', command: ['/nonexistent/pipeline-binary'] };
    const { summary, exitCode } = await benchWithFakes([missing, fakePipeline('ok')]);
    const it0 = summary.iterations.find((i) => i.pipelineId === 'missing')!;
    expect(it0.status).toBe('failed');
    expect(it0.failure?.kind).toBe('spawn');
    expect(it0.failure?.message).toMatch(/could not start \/nonexistent\/pipeline-binary: .*ENOENT/);
    expect(summary.iterations.find((i) => i.pipelineId === 'ok')!.status).toBe('ok');
    expect(exitCode).toBe(1);
  });
});
