import { describe, expect, it } from 'vitest';
import { fakePipeline, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';

describe('Qdrant unreachable', () => {
  it('says so clearly before any pipeline starts, exit 1', async () => {
    const config = writeTestConfig([fakePipeline('a')]);
    // Port 9 (discard) on loopback: nothing listens there.
    const res = await runBenchCli(['--config', config, '--corpus', TEST_CORPUS, '--no-setup'], { QDRANT_URL: 'http://127.0.0.1:9' });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/Qdrant is not available: Qdrant at QDRANT_URL=http:\/\/127\.0\.0\.1:9 is not reachable/);
    expect(res.stderr + res.stdout).not.toMatch(/\[1\/1\]/); // no iteration started
  });
});
