/** The gate's Markdown verdict for a fixed pair of runs, pinned: a change to the gate's renderer shows up here. */
import { describe, expect, it } from 'vitest';
import { renderGateMarkdown } from '../src/report/gate-markdown.js';
import { fixedGate } from './fixtures/fixed-summary.js';

describe('gate renderer', () => {
  it('renders the fixed verdict', () => {
    expect(renderGateMarkdown(fixedGate())).toMatchInlineSnapshot(`
      "### Regression gate: FAIL: 2 regression(s) and 1 problem(s)

      Candidate \`run-cand\` vs baseline \`run-base\` (baseline from a saved run). Ratio = candidate / baseline (Hodges-Lehmann estimate) with its exact rank interval at 1 - alpha; a change counts when it is significant (the interval excludes 1 and the exact rank test gives p < alpha, alpha = 0.05 / 6: Bonferroni over pipelines x primary metrics) **and** beyond the threshold.

      | pipeline | metric | baseline | candidate | ratio \\[interval\\] | threshold | detects (80% power) | verdict |
      | --- | --- | --- | --- | --- | --- | --- | --- |
      | Python &lt;LangChain&gt; | end to end (lower is better) | 1.49 s (n=6) | 1.90 s (n=6) | 1.277 \\[1.225–1.336\\] (99.5% CI) | ±10% | &gt;= 11%; 20% needs 6 runs | 🔴 regression (+27.7%, beyond the threshold 10%; interval excludes 1, rank test p=0.0022 (alpha 0.0083)) |
      | Python &lt;LangChain&gt; | embed throughput (higher is better) | 406 chunks/s (n=6) | 288 chunks/s (n=6) | 0.713 \\[0.665–0.748\\] (99.5% CI) | ±10% | &gt;= 11%; 20% needs 6 runs | 🔴 regression (-28.7%, beyond the threshold 10%; interval excludes 1, rank test p=0.0022 (alpha 0.0083)) |
      | Python &lt;LangChain&gt; | peak RSS (lower is better) | 300.2 MiB (n=6) | 302.3 MiB (n=6) | 1.003 \\[0.986–1.023\\] (99.5% CI) | ±10% | &gt;= 10%; 20% needs 6 runs | ⚪ unchanged (+0.3%: within noise) |
      | Rust \\| Candle | end to end (lower is better) | 901 ms (n=6) | 915 ms (n=6) | 1.014 \\[0.964–1.048\\] (99.5% CI) | ±10% | &gt;= 11%; 20% needs 6 runs | ⚪ unchanged (+1.4%: within noise) |
      | Rust \\| Candle | embed throughput (higher is better) | 676 chunks/s (n=6) | 659 chunks/s (n=6) | 0.977 \\[0.923–1.077\\] (99.5% CI) | ±10% | &gt;= 11%; 20% needs 6 runs | ⚪ unchanged (-2.3%: within noise) |
      | Rust \\| Candle | peak RSS (lower is better) | 149.5 MiB (n=6) | 150.7 MiB (n=6) | 1.010 \\[0.990–1.031\\] (99.5% CI) | ±10% | &gt;= 11%; 20% needs 6 runs | ⚪ unchanged (+1.0%: within noise) |

      <details><summary>Stages (diagnostics, not gated)</summary>

      | pipeline | metric | baseline | candidate | ratio \\[interval\\] | threshold | verdict |
      | --- | --- | --- | --- | --- | --- | --- |
      | Python &lt;LangChain&gt; | startup (lower is better) | 102 ms (n=6) | 100.0 ms (n=6) | 0.984 \\[0.954–1.019\\] (95.8% CI) | ±10% | ⚪ unchanged (-1.6%: within noise) |
      | Python &lt;LangChain&gt; | model\\_load (lower is better) | 203 ms (n=6) | 206 ms (n=6) | 1.012 \\[0.975–1.035\\] (95.8% CI) | ±10% | ⚪ unchanged (+1.2%: within noise) |
      | Python &lt;LangChain&gt; | read (lower is better) | 19.6 ms (n=6) | 20.3 ms (n=6) | 1.034 \\[0.993–1.076\\] (95.8% CI) | ±10% | ⚪ unchanged (+3.4%: within noise) |
      | Python &lt;LangChain&gt; | chunk (lower is better) | 30.2 ms (n=6) | 30.4 ms (n=6) | 1.003 \\[0.967–1.034\\] (95.8% CI) | ±10% | ⚪ unchanged (+0.3%: within noise) |
      | Python &lt;LangChain&gt; | embed (lower is better) | 986 ms (n=6) | 1.39 s (n=6) | 1.403 \\[1.346–1.487\\] (95.8% CI) | ±10% | 🔴 regression (+40.3%, beyond the threshold 10%; interval excludes 1, rank test p=0.0022 (alpha 0.050)) |
      | Python &lt;LangChain&gt; | upsert (lower is better) | 151 ms (n=6) | 154 ms (n=6) | 1.020 \\[0.992–1.059\\] (95.8% CI) | ±10% | ⚪ unchanged (+2.0%: within noise) |
      | Rust \\| Candle | startup (lower is better) | 19.9 ms (n=6) | 20.0 ms (n=6) | 1.004 \\[0.975–1.058\\] (95.8% CI) | ±10% | ⚪ unchanged (+0.4%: within noise) |
      | Rust \\| Candle | model\\_load (lower is better) | 101 ms (n=6) | 98.7 ms (n=6) | 0.984 \\[0.927–1.019\\] (95.8% CI) | ±10% | ⚪ unchanged (-1.6%: within noise) |
      | Rust \\| Candle | read (lower is better) | 19.8 ms (n=6) | 20.2 ms (n=6) | 1.020 \\[0.977–1.055\\] (95.8% CI) | ±10% | ⚪ unchanged (+2.0%: within noise) |
      | Rust \\| Candle | chunk (lower is better) | 10.0 ms (n=6) | 10.0 ms (n=6) | 0.993 \\[0.948–1.029\\] (95.8% CI) | ±10% | ⚪ unchanged (-0.7%: within noise) |
      | Rust \\| Candle | embed (lower is better) | 592 ms (n=6) | 607 ms (n=6) | 1.023 \\[0.963–1.059\\] (95.8% CI) | ±10% | ⚪ unchanged (+2.3%: within noise) |
      | Rust \\| Candle | upsert (lower is better) | 150 ms (n=6) | 153 ms (n=6) | 1.012 \\[0.986–1.049\\] (95.8% CI) | ±10% | ⚪ unchanged (+1.2%: within noise) |

      </details>

      **Problems:**
      - Rust \\| Candle: 1 failed iteration(s) in the candidate run
      "
    `);
  });
});
