/**
 * The whole product once, for real: `npm run bench -- --quick` with the three real pipelines
 * (real model weights, real runtimes) and the embedded Qdrant, then report.html opened in
 * headless Chromium. One pipeline's display name carries markup, which must show as text.
 * Needs the set-up done (`npm run setup`, which `npm test` runs first).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/types.js';
import { canvasInk, launchChromium, openReport } from './browser.js';
import { REPO, runBenchCli } from './helpers.js';

/** Changes to tracked files, modes included (untracked output is setup-leaves-git-clean.test.ts's part). */
const trackedChanges = async () => (await execa('git', ['status', '--porcelain=v1', '--untracked-files=no'], { cwd: REPO })).stdout;

const MARKUP_NAME = 'TypeScript <script>window.__pwned = 1</script> (ONNX Runtime)';

/** The repo's own config, with absolute commands and one untrusted display name. */
function writeRepoConfigWithMarkupName(dir: string): string {
  const config = JSON.parse(readFileSync(path.join(REPO, 'bench.config.json'), 'utf8'));
  for (const p of config.pipelines) {
    p.command = p.command.map((part: string) => (part.includes('/') ? path.join(REPO, part) : part));
    if (p.id === 'ts') p.name = MARKUP_NAME;
  }
  const configFile = path.join(dir, 'bench.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return configFile;
}

describe('a --quick bench of the three real pipelines', () => {
  let outDir: string;
  let summary: RunSummary;
  let exitCode: number | undefined;
  let output: string;
  let browser: Browser;
  let trackedBefore: string;
  let trackedAfter: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
    outDir = path.join(dir, 'results');
    const configFile = writeRepoConfigWithMarkupName(dir);
    trackedBefore = await trackedChanges();
    const result = await runBenchCli(['--quick', '--config', configFile, '--out', outDir], {}, 20 * 60_000);
    exitCode = result.exitCode;
    output = `${result.stdout}\n${result.stderr}`;
    trackedAfter = await trackedChanges();
    summary = JSON.parse(readFileSync(path.join(outDir, 'latest', 'summary.json'), 'utf8'));
    browser = await launchChromium();
  }, 25 * 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('leaves the tracked files as it found them (set-up and the bench rewrite no file or mode git tracks)', () => {
    expect(trackedAfter).toBe(trackedBefore);
  });

  it('completes with every iteration verified and the three pipelines proven equivalent', () => {
    expect(exitCode, output.slice(-4000)).toBe(0);
    expect(summary.status).toBe('complete');
    expect(summary.store.kind).toBe('embedded');
    expect(summary.pipelines.map((p) => p.id)).toEqual(['python', 'rust', 'ts']);
    expect(summary.iterations.every((it) => it.status === 'ok')).toBe(true);
    for (const it of summary.iterations) expect(it.storedPoints).toBe(it.counts?.points);
    expect(summary.equivalence?.passed).toBe(true);
    expect(summary.summaries.every((s) => s.verified)).toBe(true);
    // Same work: every pipeline chunked and stored the same number of points.
    const points = new Set(summary.iterations.map((it) => it.counts?.points));
    expect(points.size).toBe(1);
    expect(summary.ratios.some((r) => r.candidateId === 'rust' && r.metric === 'wall')).toBe(true);
  });

  it('renders a report that draws every chart, shows the ratio table, and escapes names', async () => {
    const { page, errors } = await openReport(browser, path.join(outDir, 'latest', 'report.html'));
    const ink = await canvasInk(page);
    expect(Object.keys(ink).length).toBeGreaterThan(0);
    for (const [id, n] of Object.entries(ink)) expect(n, `canvas ${id} is blank`).toBeGreaterThan(500);
    expect(await page.locator('#ratio-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByText(MARKUP_NAME).first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(outDir, 'report.png'), fullPage: true });
  });
});
