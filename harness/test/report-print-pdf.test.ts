/**
 * The reports print well: report.html of one run and of several runs, printed to PDF by
 * headless Chromium (Debian's /usr/bin/chromium via playwright-core, A4 from the print
 * stylesheet) and read back with pdf.js: several pages with every section's text on them. Chromium
 * prints a canvas as vector drawing (no image to locate in the PDF), so "no chart cut, no table row
 * split" is checked as the print media's computed rules of every chart box and table row.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../src/analysis/runs.js';
import { summarize } from '../src/analysis/summarize.js';
import { writeReports } from '../src/results/publish.js';
import { writeRunsReport } from '../src/results/publish-runs.js';
import { launchChromium, openReport } from './browser.js';
import { twoMachines } from './fixtures/runs.js';
import { syntheticRun } from './fixtures/synthetic-run.js';
import { type PdfPage, readPdf } from './pdf.js';

async function printed(browser: Browser, file: string): Promise<{ pages: PdfPage[]; unbreakable: string[] }> {
  const { page, errors } = await openReport(browser, file);
  await page.emulateMedia({ media: 'print' });
  // Every chart box and table row that a page break may still cut under the print media.
  const unbreakable = await page.$$eval('.chart, table.data tr', (nodes) =>
    nodes.filter((n) => getComputedStyle(n).breakInside !== 'avoid').map((n) => n.className || n.tagName),
  );
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(errors).toEqual([]);
  await page.close();
  return { pages: await readPdf(new Uint8Array(pdf)), unbreakable };
}

const textOf = (pages: PdfPage[]) => pages.map((p) => p.text.join(' ')).join('\n');

describe('the HTML reports printed to PDF', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    const run = summarize(
      syntheticRun(
        [
          { id: 'python', name: 'Python (LangChain)', reference: true },
          { id: 'rust', name: 'Rust (Candle)', stages: { startup: 20, model_load: 100, read: 20, chunk: 10, embed: 700, upsert: 150 }, peakRssMiB: 150 },
          { id: 'ts', name: 'TypeScript (ONNX Runtime)' },
        ],
        5,
        'print-run',
      ),
    );
    mkdirSync(join(dir, 'one'));
    writeReports(join(dir, 'one'), run, { history: [run] });
    writeRunsReport(join(dir, 'runs'), compareRuns(twoMachines()));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("one run's report: several pages, its sections' text there, no chart box or table row left breakable", async () => {
    const { pages, unbreakable } = await printed(browser, join(dir, 'one', 'report.html'));
    expect(pages.length).toBeGreaterThan(1);
    expect(unbreakable).toEqual([]);
    const text = textOf(pages);
    for (const heading of ['At a glance', 'Where the time goes', 'Throughput', 'Memory over time']) expect(text).toContain(heading);
  });

  it('the report of several runs: every run named, no chart box or table row left breakable', async () => {
    const { pages, unbreakable } = await printed(browser, join(dir, 'runs', 'report.html'));
    expect(unbreakable).toEqual([]);
    const text = textOf(pages);
    for (const id of ['run-a1', 'run-a2', 'run-b1']) expect(text).toContain(id);
    expect(text).toContain('End to end per run');
  });
});
