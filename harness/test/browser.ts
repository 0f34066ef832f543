/** Headless Chromium for the report tests: Debian's /usr/bin/chromium driven by playwright-core. */
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // This machine has no network but loopback: background services would only fail loudly.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Opens a report file offline; returns the page and every console error or outgoing request seen. */
export async function openReport(browser: Browser, file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  // The report must be self-contained: any request leaving the file is an error.
  await page.route(/^(?!file:)/, (route) => {
    errors.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForLoadState('load');
  return { page, errors };
}

/** Number of non-transparent pixels of every canvas, by id: 0 means the chart was never drawn. */
export function canvasInk(page: Page): Promise<Record<string, number>> {
  return page.$$eval('canvas', (canvases) =>
    Object.fromEntries(
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) ink++;
        return [canvas.id, ink];
      }),
    ),
  );
}
