/** The report over several runs (two machines side by side), pinned in Markdown and the terminal: a change to its tables shows up here. */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/analysis/runs.js';
import { renderRunsMarkdown, renderRunsTerminal } from '../src/report/runs-text.js';
import { twoMachines } from './fixtures/runs.js';

const report = compareRuns(twoMachines());

describe('report over several runs: Markdown', () => {
  it('renders machines, runs and the per-run tables', () => {
    const md = renderRunsMarkdown(report);
    expect(md.slice(0, md.indexOf('## Embed throughput'))).toMatchInlineSnapshot(`
      "# Bench report: 3 runs, 2 machines side by side

      3 runs of one workload on 2 kinds of machine, side by side (a column per run, named by its CPU, cores and machine fingerprint).

      Workload: 2 files (0.0 MiB, subset default), chunks of 1000 with overlap 200, model all-MiniLM-L6-v2, embed batch 32, upsert batch 64, 2 threads, mode full.

      Medians of each run's successful measured runs, with their distribution-free intervals (exact coverage shown). Times of different CPUs differ by the machine: compare the factors, each computed within one run against its own reference pipeline.

      ## Machines

      | fingerprint | CPU | cores | memory | OS | runs |
      | --- | --- | --- | --- | --- | --- |
      | fp-test | Test CPU @ 2.0GHz | 2 | 24576 MiB | Linux 6.1 x64 | 2 |
      | fp-epyc-4core | AMD EPYC 7B13 64-Core Processor | 4 | 16384 MiB | Linux 6.1 x64 | 1 |

      ## Runs

      | run | started (UTC) | commit | machine | store | pipelines | status |
      | --- | --- | --- | --- | --- | --- | --- |
      | #1 Test ×2 (fp-test) (run-a1) | 2026-01-01 00:00:00 | deadbeef | Test CPU @ 2.0GHz × 2 (fingerprint fp-test) | Qdrant 1.16.0 (qdrant-edge 0.7.2) (embedded) | python (6), rust (6), ts (6), rust-ort (6), python-ort (6) (measured runs in brackets) | complete |
      | #2 Test ×2 (fp-test) (run-a2) | 2026-01-03 00:00:00 | deadbeef | Test CPU @ 2.0GHz × 2 (fingerprint fp-test) | Qdrant 1.16.0 (qdrant-edge 0.7.2) (embedded) | python (6), rust (6), ts (6), rust-ort (6), python-ort (6) (measured runs in brackets) | complete |
      | #3 AMD EPYC 7B13 64-Core ×4 (fp-epyc-) (run-b1) | 2026-01-02 00:00:00 | deadbeef | AMD EPYC 7B13 64-Core Processor × 4 (fingerprint fp-epyc-4core) | Qdrant 1.16.0 (qdrant-edge 0.7.2) (embedded) | python (6), rust (6), ts (6), rust-ort (6), python-ort (6) (measured runs in brackets) | complete |

      ## End to end (median)

      | pipeline | #1 Test ×2 (fp-test) | #2 Test ×2 (fp-test) | #3 AMD EPYC 7B13 64-Core ×4 (fp-epyc-) |
      | --- | --- | --- | --- |
      | Python (LangChain) | 3.39 s (96.8% CI 3.30 s–3.45 s) | 3.41 s (96.8% CI 3.32 s–3.45 s) | 3.41 s (96.8% CI 3.35 s–3.49 s) |
      | Rust (Candle) | 1.28 s (96.8% CI 1.24 s–1.29 s) | 1.27 s (96.8% CI 1.23 s–1.30 s) | 1.26 s (96.8% CI 1.23 s–1.27 s) |
      | TypeScript (ONNX Runtime) | 1.32 s (96.8% CI 1.30 s–1.33 s) | 1.31 s (96.8% CI 1.29 s–1.33 s) | 1.31 s (96.8% CI 1.29 s–1.36 s) |
      | Rust (ort) | 958 ms (96.8% CI 894 ms–979 ms) | 953 ms (96.8% CI 929 ms–967 ms) | 951 ms (96.8% CI 935 ms–963 ms) |
      | Python (onnxruntime) | 2.91 s (96.8% CI 2.87 s–2.99 s) | 2.90 s (96.8% CI 2.86 s–2.95 s) | 2.94 s (96.8% CI 2.90 s–3.09 s) |

      ## Factor against the reference pipeline, within each run

      &gt; 1x: faster than the run's reference pipeline.

      | pipeline | #1 Test ×2 (fp-test) | #2 Test ×2 (fp-test) | #3 AMD EPYC 7B13 64-Core ×4 (fp-epyc-) |
      | --- | --- | --- | --- |
      | Python (LangChain) | reference | reference | reference |
      | Rust (Candle) | 2.66x faster (99.7% CI 2.55-2.77) | 2.69x faster (99.7% CI 2.56-2.81) | 2.71x faster (99.7% CI 2.65-2.85) |
      | TypeScript (ONNX Runtime) | 2.57x faster (99.7% CI 2.47-2.66) | 2.60x faster (99.7% CI 2.50-2.68) | 2.60x faster (99.7% CI 2.47-2.70) |
      | Rust (ort) | 3.54x faster (99.7% CI 3.37-3.86) | 3.57x faster (99.7% CI 3.43-3.72) | 3.60x faster (99.7% CI 3.49-3.74) |
      | Python (onnxruntime) | 1.16x faster (99.7% CI 1.10-1.20) | 1.17x faster (99.7% CI 1.13-1.21) | 1.16x faster (99.7% CI 1.09-1.20) |

      "
    `);
  });
});

describe('report over several runs: Markdown, the matrix answers', () => {
  it('renders the per-run answers of the matrix', () => {
    const md = renderRunsMarkdown(report);
    expect(md.slice(md.indexOf('## What the language'))).toMatchInlineSnapshot(`
      "## What the language and the engine cost, per run

      Each run's answers are that run's own family (12 tests, alpha 0.0042, Bonferroni); "x faster": the first-named takes less time.

      | comparison | part | #1 Test ×2 (fp-test) | #2 Test ×2 (fp-test) | #3 AMD EPYC 7B13 64-Core ×4 (fp-epyc-) |
      | --- | --- | --- | --- | --- |
      | TypeScript vs Python, on ONNX Runtime (ts vs python-ort) | end to end | 2.21x faster (99.7% CI 2.15-2.30) | 2.22x faster (99.7% CI 2.15-2.29) | 2.26x faster (99.7% CI 2.14-2.39) |
      | TypeScript vs Python, on ONNX Runtime (ts vs python-ort) | everything but embed | 2.98x faster (99.7% CI 2.93-3.09) | 2.97x faster (99.7% CI 2.89-3.03) | 3.02x faster (99.7% CI 2.87-3.23) |
      | TypeScript vs Python, on ONNX Runtime (ts vs python-ort) | embed alone | 1.02x slower (99.7% CI 0.94-1.08 · not significant) | 1.01x faster (99.7% CI 0.94-1.08 · not significant) | 1.00x faster (99.7% CI 0.93-1.08 · not significant) |
      | Rust vs Python, on ONNX Runtime (rust-ort vs python-ort) | end to end | 3.05x faster (99.7% CI 2.93-3.35) | 3.06x faster (99.7% CI 2.96-3.17) | 3.10x faster (99.7% CI 3.02-3.30) |
      | Rust vs Python, on ONNX Runtime (rust-ort vs python-ort) | everything but embed | 5.30x faster (99.7% CI 5.09-5.78) | 5.29x faster (99.7% CI 5.04-5.47) | 5.40x faster (99.7% CI 5.20-5.77) |
      | Rust vs Python, on ONNX Runtime (rust-ort vs python-ort) | embed alone | 1.00x faster (99.7% CI 0.96-1.13 · not significant) | 1.03x faster (99.7% CI 0.96-1.12 · not significant) | 1.02x faster (99.7% CI 0.96-1.09 · not significant) |
      | ONNX Runtime vs libtorch, in Python (python-ort vs python) | end to end | 1.16x faster (99.7% CI 1.10-1.20) | 1.17x faster (99.7% CI 1.13-1.21) | 1.16x faster (99.7% CI 1.09-1.20) |
      | ONNX Runtime vs libtorch, in Python (python-ort vs python) | everything but embed | 1.01x slower (99.7% CI 0.96-1.06 · not significant) | 1.00x faster (99.7% CI 0.96-1.05 · not significant) | 1.01x slower (99.7% CI 0.98-1.09 · not significant) |
      | ONNX Runtime vs libtorch, in Python (python-ort vs python) | embed alone | 1.95x faster (99.7% CI 1.82-2.08) | 1.95x faster (99.7% CI 1.83-2.06) | 1.99x faster (99.7% CI 1.83-2.14) |
      | ONNX Runtime vs Candle, in Rust (rust-ort vs rust) | end to end | 1.33x faster (99.7% CI 1.27-1.45) | 1.33x faster (99.7% CI 1.27-1.40) | 1.33x faster (99.7% CI 1.27-1.36) |
      | ONNX Runtime vs Candle, in Rust (rust-ort vs rust) | everything but embed | 1.00x faster (99.7% CI 0.95-1.09 · not significant) | 1.00x faster (99.7% CI 0.96-1.04 · not significant) | 1.01x faster (99.7% CI 0.98-1.05 · not significant) |
      | ONNX Runtime vs Candle, in Rust (rust-ort vs rust) | embed alone | 1.62x faster (99.7% CI 1.55-1.82) | 1.62x faster (99.7% CI 1.52-1.78) | 1.62x faster (99.7% CI 1.50-1.70) |
      "
    `);
  });
});

describe('report over several runs: terminal', () => {
  it('prints end to end and the factors per run', () => {
    expect(renderRunsTerminal(report, '/results/reports/x/report.html')).toMatchInlineSnapshot(`
      "3 runs of one workload on 2 kinds of machine, side by side (a column per run, named by its CPU, cores and machine fingerprint).

      End to end (median):
      pipeline                   #1 Test ×2 (fp-test)  #2 Test ×2 (fp-test)  #3 AMD EPYC 7B13 64-Core ×4 (fp-epyc-)
      Python (LangChain)         3.39 s                3.41 s                3.41 s
      Rust (Candle)              1.28 s                1.27 s                1.26 s
      TypeScript (ONNX Runtime)  1.32 s                1.31 s                1.31 s
      Rust (ort)                 958 ms                953 ms                951 ms
      Python (onnxruntime)       2.91 s                2.90 s                2.94 s

      Factor against the reference pipeline, within each run:
      pipeline                   #1 Test ×2 (fp-test)  #2 Test ×2 (fp-test)  #3 AMD EPYC 7B13 64-Core ×4 (fp-epyc-)
      Python (LangChain)         reference             reference             reference
      Rust (Candle)              2.66x faster          2.69x faster          2.71x faster
      TypeScript (ONNX Runtime)  2.57x faster          2.60x faster          2.60x faster
      Rust (ort)                 3.54x faster          3.57x faster          3.60x faster
      Python (onnxruntime)       1.16x faster          1.17x faster          1.16x faster

      Report: /results/reports/x/report.html
      "
    `);
  });
});
