/** The language x engine section of a fixed matrix run, pinned in each renderer: a change to its tables or sentences shows up here. */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderTerminalSummary } from '../src/report/terminal.js';
import { matrixRun } from './fixtures/matrix-run.js';

const input = { summary: matrixRun(6, 11, 'run-matrix-fixed'), gate: null, history: [] };
const between = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));

describe('matrix section: Markdown', () => {
  it('renders the matrix, the family and both answers', () => {
    expect(between(renderMarkdown(input), '## Language x engine', '## Ratios')).toMatchInlineSnapshot(`
      "## Language x engine

      Each cell: embed throughput (tokens per second of embed busy time) · end to end, both medians over the measured runs that succeeded; the notes give each median's distribution-free interval (order statistics) with its exact coverage. An empty cell says why it is empty.

      | language | libtorch | Candle | ONNX Runtime | ONNX Runtime (wasm) |
      | --- | --- | --- | --- | --- |
      | Python | 60439 tokens/s · 3.39 s (python: tokens/s 96.8% CI 58607–63848 tokens/s; end to end 96.8% CI 3.33 s–3.50 s) | — (no Python pipeline on Candle) | 119914 tokens/s · 2.89 s (python-ort: tokens/s 96.8% CI 115265–121945 tokens/s; end to end 96.8% CI 2.81 s–2.95 s) | — (no Python pipeline on ONNX Runtime (wasm)) |
      | Rust | — (rust-tch: not buildable here: libtorch 2.13 not found) | 75281 tokens/s · 1.25 s (rust: tokens/s 96.8% CI 73534–77258 tokens/s; end to end 96.8% CI 1.23 s–1.28 s) | 120580 tokens/s · 947 ms (rust-ort: tokens/s 96.8% CI 118125–126387 tokens/s; end to end 96.8% CI 930 ms–966 ms) | — (no Rust pipeline on ONNX Runtime (wasm)) |
      | TypeScript | — (no TypeScript pipeline on libtorch) | — (no TypeScript pipeline on Candle) | 122469 tokens/s · 1.29 s (ts: tokens/s 96.8% CI 117459–127414 tokens/s; end to end 96.8% CI 1.26 s–1.33 s) | — (ts-wasm: not in this run (it ran set "core"; npm run bench -- --matrix)) |

      ### What the language costs, what the engine costs

      "x faster" means the first-named pipeline takes less time. The 12 ratios are one family: each is tested at alpha = 0.05 / 12 = 0.0042 (Bonferroni), its interval is the exact Mann-Whitney interval around the Hodges-Lehmann estimate at 1 - alpha (exact coverage shown), so together they hold with at least 95% confidence; a ratio is significant when its interval excludes 1 and the exact rank test gives p &lt; alpha. "Everything but embed" is end to end minus embed busy time, per run.

      | question | comparison | end to end | everything but embed | embed alone |
      | --- | --- | --- | --- | --- |
      | what the language costs, on ONNX Runtime | TypeScript vs Python (ts vs python-ort) | 2.23x faster (99.7% CI 2.12-2.34) | 2.96x faster (99.7% CI 2.83-3.09) | 1.03x faster (99.7% CI 0.96-1.11 · not significant) |
      | what the language costs, on ONNX Runtime | Rust vs Python (rust-ort vs python-ort) | 3.05x faster (99.7% CI 2.91-3.17) | 5.25x faster (99.7% CI 5.05-5.43) | 1.02x faster (99.7% CI 0.97-1.10 · not significant) |
      | what the engine costs, in Python | ONNX Runtime vs libtorch (python-ort vs python) | 1.18x faster (99.7% CI 1.13-1.25) | 1.02x faster (99.7% CI 0.96-1.08 · not significant) | 1.97x faster (99.7% CI 1.81-2.08) |
      | what the engine costs, in Rust | ONNX Runtime vs Candle (rust-ort vs rust) | 1.32x faster (99.7% CI 1.28-1.37) | 1.00x faster (99.7% CI 0.97-1.03 · not significant) | 1.61x faster (99.7% CI 1.53-1.72) |

      "
    `);
  });
});

describe('matrix section: terminal', () => {
  it('prints the matrix and the answers after the pipelines', () => {
    const text = renderTerminalSummary(input.summary);
    expect(text.slice(text.indexOf('Language x engine'))).toMatchInlineSnapshot(`
      "Language x engine (embed tokens/s · end to end, medians):
      language    libtorch                 Candle                   ONNX Runtime              ONNX Runtime (wasm)
      Python      60439 tokens/s · 3.39 s  —                        119914 tokens/s · 2.89 s  —
      Rust        —                        75281 tokens/s · 1.25 s  120580 tokens/s · 947 ms  —
      TypeScript  —                        —                        122469 tokens/s · 1.29 s  —

      What the language and the engine cost (x faster: the first-named takes less time):
      question                                  comparison                                     end to end    everything but embed  embed alone
      what the language costs, on ONNX Runtime  TypeScript vs Python ts vs python-ort          2.23x faster  2.96x faster          1.03x faster
      what the language costs, on ONNX Runtime  Rust vs Python rust-ort vs python-ort          3.05x faster  5.25x faster          1.02x faster
      what the engine costs, in Python          ONNX Runtime vs libtorch python-ort vs python  1.18x faster  1.02x faster          1.97x faster
      what the engine costs, in Rust            ONNX Runtime vs Candle rust-ort vs rust        1.32x faster  1.00x faster          1.61x faster
      "
    `);
  });
});

describe('matrix section: HTML', () => {
  it('renders the same tables with their notes', () => {
    const section = between(renderHtml(input), '<section id="language-engine">', '<section><h2>Where the time goes').replace(/\n\s+/g, '\n');
    expect(section).toMatchInlineSnapshot(`
      "<section id="language-engine"><h2>Language x engine</h2><p class="explain">Each cell: embed throughput (tokens per second of embed busy time) · end to end, both medians over the measured runs that succeeded; the notes give each median&#39;s distribution-free interval (order statistics) with its exact coverage. An empty cell says why it is empty.</p>
      <table class="data" id="matrix"><thead><tr><th>language</th><th>libtorch</th><th>Candle</th><th>ONNX Runtime</th><th>ONNX Runtime (wasm)</th></tr></thead>
      <tbody><tr><th scope="row" class="">Python</th><td class="">60439 tokens/s · 3.39 s<div class="ci">python: tokens/s 96.8% CI 58607–63848 tokens/s; end to end 96.8% CI 3.33 s–3.50 s</div></td><td class="">—<div class="ci">no Python pipeline on Candle</div></td><td class="">119914 tokens/s · 2.89 s<div class="ci">python-ort: tokens/s 96.8% CI 115265–121945 tokens/s; end to end 96.8% CI 2.81 s–2.95 s</div></td><td class="">—<div class="ci">no Python pipeline on ONNX Runtime (wasm)</div></td></tr><tr><th scope="row" class="">Rust</th><td class="warn">—<div class="ci">rust-tch: not buildable here: libtorch 2.13 not found</div></td><td class="">75281 tokens/s · 1.25 s<div class="ci">rust: tokens/s 96.8% CI 73534–77258 tokens/s; end to end 96.8% CI 1.23 s–1.28 s</div></td><td class="">120580 tokens/s · 947 ms<div class="ci">rust-ort: tokens/s 96.8% CI 118125–126387 tokens/s; end to end 96.8% CI 930 ms–966 ms</div></td><td class="">—<div class="ci">no Rust pipeline on ONNX Runtime (wasm)</div></td></tr><tr><th scope="row" class="">TypeScript</th><td class="">—<div class="ci">no TypeScript pipeline on libtorch</div></td><td class="">—<div class="ci">no TypeScript pipeline on Candle</div></td><td class="">122469 tokens/s · 1.29 s<div class="ci">ts: tokens/s 96.8% CI 117459–127414 tokens/s; end to end 96.8% CI 1.26 s–1.33 s</div></td><td class="">—<div class="ci">ts-wasm: not in this run (it ran set &quot;core&quot;; npm run bench -- --matrix)</div></td></tr></tbody></table><h3>What the language costs, what the engine costs</h3><p class="explain">&quot;x faster&quot; means the first-named pipeline takes less time. The 12 ratios are one family: each is tested at alpha = 0.05 / 12 = 0.0042 (Bonferroni), its interval is the exact Mann-Whitney interval around the Hodges-Lehmann estimate at 1 - alpha (exact coverage shown), so together they hold with at least 95% confidence; a ratio is significant when its interval excludes 1 and the exact rank test gives p &lt; alpha. &quot;Everything but embed&quot; is end to end minus embed busy time, per run.</p><table class="data" id="cost-answers"><thead><tr><th>question</th><th>comparison</th><th>end to end</th><th>everything but embed</th><th>embed alone</th></tr></thead>
      <tbody><tr><th scope="row" class="">what the language costs, on ONNX Runtime</th><td class="">TypeScript vs Python<div class="ci">ts vs python-ort</div></td><td class="good">2.23x faster<div class="ci">99.7% CI 2.12-2.34</div></td><td class="good">2.96x faster<div class="ci">99.7% CI 2.83-3.09</div></td><td class="">1.03x faster<div class="ci">99.7% CI 0.96-1.11 · not significant</div></td></tr><tr><th scope="row" class="">what the language costs, on ONNX Runtime</th><td class="">Rust vs Python<div class="ci">rust-ort vs python-ort</div></td><td class="good">3.05x faster<div class="ci">99.7% CI 2.91-3.17</div></td><td class="good">5.25x faster<div class="ci">99.7% CI 5.05-5.43</div></td><td class="">1.02x faster<div class="ci">99.7% CI 0.97-1.10 · not significant</div></td></tr><tr><th scope="row" class="">what the engine costs, in Python</th><td class="">ONNX Runtime vs libtorch<div class="ci">python-ort vs python</div></td><td class="good">1.18x faster<div class="ci">99.7% CI 1.13-1.25</div></td><td class="">1.02x faster<div class="ci">99.7% CI 0.96-1.08 · not significant</div></td><td class="good">1.97x faster<div class="ci">99.7% CI 1.81-2.08</div></td></tr><tr><th scope="row" class="">what the engine costs, in Rust</th><td class="">ONNX Runtime vs Candle<div class="ci">rust-ort vs rust</div></td><td class="good">1.32x faster<div class="ci">99.7% CI 1.28-1.37</div></td><td class="">1.00x faster<div class="ci">99.7% CI 0.97-1.03 · not significant</div></td><td class="good">1.61x faster<div class="ci">99.7% CI 1.53-1.72</div></td></tr></tbody></table></section>
      "
    `);
  });
});
