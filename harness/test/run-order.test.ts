import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithFakes, fakePipeline } from './helpers.js';

const order = (iterations: Array<{ pipelineId: string; startedAt: string }>) =>
  [...iterations].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((i) => i.pipelineId);

describe('the order of a run', () => {
  it('records the seed of its shuffled rounds; --seed reproduces the order', async () => {
    const pipes = ['a', 'b', 'c'].map((id) => fakePipeline(id, { FAKE_STAGE_MS: '1' }));
    const first = await benchWithFakes(pipes, { warmup: 0, iterations: 2 }, ['--seed', '11']);
    expect(first.summary.iterationsPlanned.orderSeed).toBe(11);
    const again = await benchWithFakes(pipes, { warmup: 0, iterations: 2 }, ['--seed', '11']);
    expect(order(again.summary.iterations)).toEqual(order(first.summary.iterations));
    const fresh = await benchWithFakes(pipes.slice(0, 1), { warmup: 0, iterations: 1 });
    expect(Number.isInteger(fresh.summary.iterationsPlanned.orderSeed)).toBe(true);
  });

  it('hashes the model after the first round, so the first runs do not find it in the page cache because of the harness', async () => {
    // The first process to run creates the "weights": a hash taken before the first round would find no file.
    const modelDir = mkdtempSync(path.join(os.tmpdir(), 'model-'));
    const weights = path.join(modelDir, 'model.safetensors');
    const pipes = ['a', 'b'].map((id) => fakePipeline(id, { FAKE_STAGE_MS: '1', FAKE_WRITE_FILE: weights }));
    const { summary } = await benchWithFakes(pipes, { warmup: 1, iterations: 1, mode: 'full' }, ['--model', modelDir]);
    const firstId = order(summary.iterations)[0];
    expect(summary.settings.model.sha256).toBe(createHash('sha256').update(firstId).digest('hex'));
  });
});
