/** The reference pipeline is `reference: true`; a config still using the old `baseline: true` gets the new key named, exit 2. */
import { describe, expect, it } from 'vitest';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

describe('the reference pipeline key', () => {
  it('"baseline": true on a pipeline: exit 2, names the new key', async () => {
    const file = writeTestConfig([fakePipeline('a', {}, { baseline: true }), fakePipeline('b')]);
    const r = await runBenchCli(['--config', file, '--no-setup']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/pipelines\.0\.baseline was renamed: write "reference": true/);
  });
});
