/**
 * For a single-process pipeline, the reported peak is never below GNU time's "Maximum resident
 * set size" of the same command on the same workload. GNU time runs inside the measured tree
 * (`time -f %M <pipeline>`), so both figures describe the very same process run. The real TS
 * pipeline embeds the test corpus with the real model; its store is the Qdrant test double
 * (the store is not what is measured here).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR, TS_PIPELINE_ENTRY } from '../src/paths.js';
import { runPipelineProcess } from '../src/run/spawn.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { TEST_CORPUS } from './helpers.js';

/** The test corpus's files as the contract lists them (a workload names its files: contract rule 1). */
const CORPUS_FILES = (JSON.parse(readFileSync(path.join(TEST_CORPUS, '..', 'expected_chunks.json'), 'utf8')) as { files: string[] }).files;

const GNU_TIME = '/usr/bin/time';
const ready = existsSync(GNU_TIME) && existsSync(TS_PIPELINE_ENTRY) && existsSync(path.join(DEFAULT_MODEL_DIR, 'onnx', 'model.onnx'));

describe.skipIf(!ready)('peak memory against GNU time (Debian package `time`)', () => {
  it('the TS pipeline in full mode: the harness peak >= GNU time maximum RSS of the same run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gnu-time-'));
    const qdrant = await startFakeQdrant();
    try {
      const workload = path.join(dir, 'workload.json');
      writeFileSync(
        workload,
        JSON.stringify({
          corpus: { dir: TEST_CORPUS, files: CORPUS_FILES },
          chunking: { chunk_size: 200, chunk_overlap: 40, separators: ['\n\n', '\n', ' ', ''] },
          model: { dir: DEFAULT_MODEL_DIR },
          embed_batch_size: 32,
          upsert_batch_size: 64,
          threads: 2,
          qdrant: { url: qdrant.url, collection: 'gnu_time' },
          mode: 'full',
        }),
      );
      const gnu = path.join(dir, 'gnu-time.txt');
      const outcome = await runPipelineProcess({
        command: [GNU_TIME, '-f', '%M', '-o', gnu, process.execPath, TS_PIPELINE_ENTRY],
        workloadPath: workload,
        cwd: dir,
        env: { OMP_NUM_THREADS: '2' },
        timeoutMs: 300_000,
        sampleIntervalMs: 1000, // sparse on purpose: the figure must not rest on catching the peak in a sample
        stderrPath: path.join(dir, 'stderr.log'),
        launcherReportPath: path.join(dir, 'launcher.json'),
      });
      expect(outcome.failure).toBeNull();
      const gnuBytes = Number(readFileSync(gnu, 'utf8').trim().split('\n').at(-1)) * 1024;
      const r = outcome.resources!;
      console.log(
        `GNU time ${(gnuBytes / 2 ** 20).toFixed(1)} MiB; harness ${(r.peakRssBytes / 2 ** 20).toFixed(1)} MiB (sampled tree sum ${(r.sampledPeakRssBytes! / 2 ** 20).toFixed(1)} MiB)`,
      );
      expect(gnuBytes).toBeGreaterThan(100 * 2 ** 20);
      expect(r.peakRssBytes).toBeGreaterThanOrEqual(gnuBytes);
    } finally {
      await qdrant.close();
    }
  });
});
