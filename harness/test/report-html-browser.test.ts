/**
 * Opens a rendered report.html in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core): no console errors, every chart drawn, the ratio table there, and a
 * pipeline named with <script> shown as text, not run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../src/results/publish.js';
import { summarize } from '../src/analysis/summarize.js';
import { canvasInk, launchChromium, openReport } from './browser.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-html-'));
    const mk = (seed: number, runId: string) =>
      summarize(
        syntheticRun(
          [
            { id: 'python', name: 'Python (LangChain)', reference: true },
            { id: 'rust', name: 'Rust (Candle)', stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 700, upsert: 150 }, peakRssMiB: 150 },
            { id: 'evil', name: EVIL, failed: 1 },
          ],
          seed,
          runId,
        ),
      );
    const baseline = mk(1, 'baseline-run');
    const run = mk(2, 'current-run');
    writeReports(dir, run, { baseline, history: [mk(3, 'older-run'), baseline] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders without console errors, every chart drawn, untrusted names as text', async () => {
    const { page, errors } = await openReport(browser, join(dir, 'report.html'));
    const ink = await canvasInk(page);
    expect(Object.keys(ink).sort()).toEqual(['chart-history', 'chart-rss', 'chart-stages', 'chart-throughput', 'chart-timeline']);
    for (const [id, n] of Object.entries(ink)) expect(n, `canvas ${id} is blank`).toBeGreaterThan(500);

    const ratioRows = await page.locator('#ratio-table tbody tr').count();
    expect(ratioRows).toBe(10); // every metric, one column per candidate
    expect(await page.locator("#ratio-table thead th").count()).toBe(3);
    await expect(page.locator('#headline').innerText()).resolves.toMatch(/Rust \(Candle\) vs Python \(LangChain\): \d+\.\d\dx faster end to end \[95% CI \d+\.\d\d-\d+\.\d\d\]/);

    // the evil name is on the page as text, and none of it ran
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByText(EVIL).first().isVisible()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);

    await expect(page.locator('#comparison').innerText()).resolves.toMatch(/Compared with the baseline run/);
    await expect(page.locator('#failures').innerText()).resolves.toMatch(/crashed: exit code 3/);
    expect(errors).toEqual([]);

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
  });
});
