/** report.md of a fixed run, pinned in two halves: a change to the Markdown renderer shows up here. */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/report/markdown.js';
import { fixedSummary } from './fixtures/fixed-summary.js';

const md = () => renderMarkdown({ summary: fixedSummary(), gate: null, history: [] });
const half = (first: boolean) => {
  const at = md().indexOf('## Fixed cost');
  return first ? md().slice(0, at) : md().slice(at);
};

describe('Markdown renderer: headline, pipelines, ratios', () => {
  it('renders the first half of the fixed run', () => {
    expect(half(true)).toMatchInlineSnapshot(`
      "# Bench run run-fixed

      **UNVERIFIED: Rust \\| Candle vs Python &lt;LangChain&gt;: 1.68x faster end to end \\[98.4% CI 1.63-1.74\\]**  

      ## Pipelines

      Times are medians of 6 successful measured runs per pipeline; the first run (the first process of each pipeline) is reported apart.

      | pipeline | runs | end to end (median) | vs reference | embed throughput | peak RSS | CPU time (user + system) | first run | verified |
      | --- | --- | --- | --- | --- | --- | --- | --- | --- |
      | Python &lt;LangChain&gt; (reference pipeline) | 6 ok | 1.51 s (96.8% CI 1.48 s–1.55 s) | reference | 400 chunks/s | 302.7 MiB | 2.30 s | 1.50 s | yes |
      | Rust \\| Candle | 6 ok, 1 FAILED | 891 ms (96.8% CI 884 ms–924 ms) | 1.68x faster (98.4% CI 1.63-1.74) | 674 chunks/s | 150.4 MiB | 1.38 s | 910 ms | yes |

      ## Ratios against the reference pipeline

      > 1x means the candidate is better. Primary metrics are claims (Bonferroni-corrected); the others are diagnostics.

      | metric | Rust \\| Candle vs Python &lt;LangChain&gt; |
      | --- | --- |
      | end to end (primary) | 1.68x faster (98.4% CI 1.63-1.74) |
      | embed throughput (primary) | 1.68x higher throughput (98.4% CI 1.60-1.75) |
      | peak RSS (primary) | 2.01x less memory (98.4% CI 1.96-2.04) |
      | startup (diagnostic) | 5.11x faster (95.8% CI 4.78-5.27 · diagnostic) |
      | model\\_load (diagnostic) | 2.05x faster (95.8% CI 1.96-2.12 · diagnostic) |
      | read (diagnostic) | 1.03x faster (95.8% CI 0.98-1.08 · not significant · diagnostic) |
      | chunk (diagnostic) | 2.99x faster (95.8% CI 2.85-3.10 · diagnostic) |
      | embed (diagnostic) | 1.68x faster (95.8% CI 1.63-1.74 · diagnostic) |
      | upsert (diagnostic) | 1.02x faster (95.8% CI 0.97-1.09 · not significant · diagnostic) |
      | embed tokens/s (diagnostic) | 1.68x higher throughput (95.8% CI 1.63-1.74 · diagnostic) |

      "
    `);
  });
});

describe('Markdown renderer: costs, proof, failures, settings', () => {
  it('renders the second half of the fixed run', () => {
    expect(half(false)).toMatchInlineSnapshot(`
      "## Fixed cost and per-chunk cost

      | pipeline | fixed cost (start-up + model load) | per chunk (the rest / chunks) | chunks |
      | --- | --- | --- | --- |
      | Python &lt;LangChain&gt; | 303 ms (20% of end to end) | 3.01 ms | 400 |
      | Rust \\| Candle | 119 ms (13% of end to end) | 1.93 ms | 400 |

      ## Did they do the same work?

      - Equivalence proof: **passed**
      - Chunks identical across pipelines: yes
      - Lowest cosine of stored vectors, Python &lt;LangChain&gt; vs Rust \\| Candle: 0.99999 (must be >= 0.999)
      - Same top-10 for 10 of 10 sample queries

      ## Failed iterations

      | pipeline | run # | iteration | exit code | failure | reason |
      | --- | --- | --- | --- | --- | --- |
      | Rust \\| Candle | 8 | measured | 3 | crash | crashed: exit code 3 during embed |

      ## Settings and environment

      - Workload: 2 files (0.0 MiB, subset default), chunks of 1000 with overlap 200, model all-MiniLM-L6-v2, embed batch 32, upsert batch 64, 2 threads, mode full
      - Iterations: 1 warmup + 6 measured per pipeline, interleaved
      - Store: Qdrant 1.16.0 (qdrant-edge 0.7.2) (embedded, http://127.0.0.1:6333)
      - Machine: Test CPU @ 2.0GHz, 2 CPUs, 24576 MiB, Linux 6.1 x64, Node v20.20.0, commit deadbeef
      - Python &lt;LangChain&gt;: py 1.0; lib 2.0; 2 threads
      - Rust \\| Candle: rs 1.0; lib 2.0; 2 threads
      "
    `);
  });
});
