/**
 * A short soak as a real process: `npm run soak`'s script with 12 iterations of the fake
 * pipeline (test double) against the embedded qdrant-local. The report holds every figure, the
 * run leaks nothing (processes, collections, temp dirs, fds, listening ports), and the exit code
 * follows the checks. About 20 s.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { QDRANT_LOCAL_BIN } from '../src/paths.js';
import type { SoakReport } from '../src/soak/types.js';
import { fakePipeline, REPO, TEST_CORPUS, writeTestConfig } from './helpers.js';

describe.skipIf(!existsSync(QDRANT_LOCAL_BIN))('a 12-iteration soak against the embedded Qdrant', () => {
  it('reports the slope, the store memory and zero leaks; the exit code follows the checks', async () => {
    const config = writeTestConfig([fakePipeline('a', { FAKE_STAGE_MS: '1' })]);
    const out = path.join(path.dirname(config), 'results');
    const args = ['--config', config, '--corpus', TEST_CORPUS, '--no-setup', '--out', out, '--iterations', '12', '--warmup', '0', '--skip', '4'];
    const r = await execa(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'harness/src/cli/soak.ts'), ...args], {
      cwd: REPO,
      env: { CI: '1' },
      reject: false,
      timeout: 90_000,
    });
    const runDir = path.join(out, readlinkSync(path.join(out, 'latest')));
    const report = JSON.parse(readFileSync(path.join(runDir, 'soak.json'), 'utf8')) as SoakReport;

    expect(report.kind).toBe('soak');
    expect(report.pipelines).toEqual(['a']);
    expect(report.iterationsRun).toBe(12);
    expect(report.readings.map((x) => x.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(report.readings.every((x) => x.harnessRssBytes > 10 * 2 ** 20 && x.storeRssBytes! > 0)).toBe(true);
    expect(report.harness.rss).toMatchObject({ n: 8, skipped: 4, method: 'ols-newey-west', level: 0.95 });
    expect(report.harness.rss!.ciLowKiB).toBeLessThanOrEqual(report.harness.rss!.slopeKiB);
    expect(report.harness.rss!.ciHighKiB).toBeGreaterThanOrEqual(report.harness.rss!.slopeKiB);
    // the RSS split: the pages V8 holds for its heap (at least what is in use) and the rest
    expect(report.readings.every((x) => x.harnessHeapCommittedBytes >= x.harnessHeapUsedBytes && x.harnessHeapCommittedBytes < x.harnessRssBytes)).toBe(true);
    expect(report.harness.heapCommitted).toMatchObject({ n: 8, skipped: 4 });
    expect(report.harness.outsideHeap).toMatchObject({ n: 8, skipped: 4 });
    const store = report.store;
    expect(store.startRssBytes).toBeGreaterThan(0);
    expect(store.peakRssBytes).toBeGreaterThanOrEqual(store.startRssBytes!);
    expect(store.endRssBytes).toBeGreaterThan(0);
    // the split of the start and end RSS: anonymous + file-backed, within the VmRSS read beside it
    expect(store.startAnonBytes).toBeGreaterThan(0);
    expect(store.endFileBytes).toBeGreaterThan(0);
    expect(store.startAnonBytes! + store.startFileBytes!).toBeLessThanOrEqual(store.startRssBytes! + 2 ** 20);
    expect(store.endAnonBytes! + store.endFileBytes!).toBeLessThanOrEqual(store.endRssBytes! + 2 ** 20);
    expect(store.endAnonBytes! + store.endFileBytes!).toBeGreaterThan(store.endRssBytes! - 2 ** 20);
    expect(r.stdout).toMatch(/store RSS anonymous \/ file-backed/);
    expect(store.endVsStart).toBeCloseTo((store.endRssBytes! - store.startRssBytes!) / store.startRssBytes!, 9);

    // zero leaks of every kind, and the run itself clean
    expect(report.leaks.map((l) => l.kind)).toEqual(['processes', 'collections', 'tempDirs', 'fds', 'listeningPorts']);
    expect(report.leaks.filter((l) => l.extra.length > 0)).toEqual([]);
    expect(report.leaks.find((l) => l.kind === 'fds')!.before).toBeGreaterThan(3);
    expect(report.checks.find((c) => c.name === 'run')!.passed).toBe(true);
    expect(existsSync(report.tmpDir)).toBe(false); // the run's temp dir, empty, removed

    const failedExitChecks = report.checks.filter((c) => c.exitCheck && !c.passed);
    expect(r.exitCode, r.stderr).toBe(failedExitChecks.length ? 1 : 0);
    for (const c of failedExitChecks) expect(r.stderr).toContain(`FAILED ${c.name}`);
    expect(r.stdout).toMatch(/harness RSS slope/);
    expect(r.stdout).toMatch(/leak:listeningPorts\s+pass/);
    expect(readFileSync(path.join(runDir, 'soak.md'), 'utf8')).toMatch(/^\| what \| figure \| note \|/);
  }, 90_000);
});
