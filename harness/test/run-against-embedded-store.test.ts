import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { runBench } from '../src/run/bench.js';
import { QDRANT_LOCAL_BIN } from '../src/paths.js';
import { storeClient } from '../src/store/collections.js';
import { openStore } from '../src/store/index.js';
import { fakePipeline, TEST_CORPUS, writeTestConfig } from './helpers.js';

// Against the real embedded Qdrant (needs its release build: `npm run setup`).
describe.skipIf(!existsSync(QDRANT_LOCAL_BIN))('a run against the embedded Qdrant', () => {
  it('counts, verifies and drops every collection; samples the store process', async () => {
    const store = await openStore({}, {});
    try {
      const configFile = writeTestConfig([fakePipeline('a'), fakePipeline('b'), fakePipeline('short', { FAKE_DROP_POINTS: '1' })], {
        warmup: 1,
        iterations: 2,
      });
      const out = mkdtempSync(path.join(os.tmpdir(), 'bench-embedded-'));
      const config = resolveConfig(parseBenchArgs(['--config', configFile, '--corpus', TEST_CORPUS, '--no-setup', '--out', out])!);
      const { summary, exitCode } = await runBench(config, { store, reports: false });

      const ok = summary.iterations.filter((i) => i.pipelineId !== 'short');
      expect(ok.every((i) => i.status === 'ok' && i.storedPoints === i.counts!.points)).toBe(true);
      const short = summary.iterations.filter((i) => i.pipelineId === 'short');
      expect(short.every((i) => i.status === 'failed' && i.storedPoints === i.counts!.points - 1)).toBe(true);
      expect(summary.equivalence!.passed).toBe(true); // a and b agree; short never reached the proof
      expect(Object.keys(summary.equivalence!.chunkHashes).sort()).toEqual(['a', 'b']);
      expect(summary.summaries.find((s) => s.pipelineId === 'short')!.verified).toBe(false);
      expect(summary.store.kind).toBe('embedded');
      expect(ok[0].storeResources!.peakRssBytes).toBeGreaterThan(0);
      expect(exitCode).toBe(1);
      const left = (await storeClient(store).getCollections()).collections;
      expect(left).toEqual([]);
    } finally {
      await store.stop();
    }
  });
});
