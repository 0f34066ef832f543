/** The HTML tables and headline of a fixed run, pinned (the charts are drawn by chart.js and tested in a browser: report-html-browser.test.ts). */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import { fixedSummary } from './fixtures/fixed-summary.js';

/** The part of report.html between the header and the embedded data: every section, no chart.js. */
function sections(page: string): string {
  return page.slice(page.indexOf('<section class="headline"'), page.indexOf('<section><h2>Where the time goes')).replace(/\n\s+/g, '\n');
}

describe('HTML renderer', () => {
  it('renders the headline and the pipelines table of the fixed run', () => {
    expect(sections(renderHtml({ summary: fixedSummary(), gate: null, history: [] }))).toMatchInlineSnapshot(`
      "<section class="headline" id="headline"><h2>The answer</h2>
      <p>UNVERIFIED: Rust | Candle vs Python &lt;LangChain&gt;: 1.68x faster end to end [98.4% CI 1.63-1.74]</p>
      <p class="explain">Each pipeline read the same files, split them into the same chunks, embedded them with the same model and stored them in the same Qdrant.
      Figures are medians of 6 successful measured runs per pipeline (after 1 warmup), run in turn so machine drift hits all alike;
      the range in brackets is a distribution-free confidence interval with its exact coverage (harness/src/stats/README.md). Reference pipeline: Python &lt;LangChain&gt;.</p>
      </section>
      <section><h2>At a glance</h2><table class="data" id="pipelines"><thead><tr><th>pipeline</th><th>runs</th><th>end to end (median)</th><th>vs reference</th><th>embed throughput</th><th>peak RSS</th><th>CPU time (user + system)</th><th>first run</th><th>verified</th></tr></thead>
      <tbody><tr><th scope="row" class="">Python &lt;LangChain&gt;<div class="ci">reference pipeline</div></th><td class="">6 ok</td><td class="">1.51 s<div class="ci">96.8% CI 1.48 s–1.55 s</div></td><td class="">reference</td><td class="">400 chunks/s</td><td class="">302.7 MiB</td><td class="">2.30 s</td><td class="">1.50 s</td><td class="good">yes</td></tr><tr><th scope="row" class="">Rust | Candle</th><td class="bad">6 ok, 1 FAILED</td><td class="">891 ms<div class="ci">96.8% CI 884 ms–924 ms</div></td><td class="good">1.68x faster<div class="ci">98.4% CI 1.63-1.74</div></td><td class="">674 chunks/s</td><td class="">150.4 MiB</td><td class="">1.38 s</td><td class="">910 ms</td><td class="good">yes</td></tr></tbody></table></section>
      "
    `);
  });
});
