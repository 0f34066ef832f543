/** The terminal summary of a fixed run, pinned: a change to the terminal renderer shows up here. */
import { describe, expect, it } from 'vitest';
import { renderTerminalSummary } from '../src/report/terminal.js';
import { fixedSummary } from './fixtures/fixed-summary.js';

describe('terminal renderer', () => {
  it('renders the fixed run', () => {
    expect(renderTerminalSummary(fixedSummary(), '/results/run-fixed/report.html')).toMatchInlineSnapshot(`
      "pipeline            runs            end to end (median)            vs reference  embed throughput  peak RSS   verified
      Python <LangChain>  6 ok            1.51 s 96.8% CI 1.48 s–1.55 s  reference     400 chunks/s      302.7 MiB  yes
      Rust | Candle       6 ok, 1 FAILED  891 ms 96.8% CI 884 ms–924 ms  1.68x faster  674 chunks/s      150.4 MiB  yes

      UNVERIFIED: Rust | Candle vs Python <LangChain>: 1.68x faster end to end [98.4% CI 1.63-1.74]

      1 failed iteration(s):
        Rust | Candle #8: crash: crashed: exit code 3 during embed

      Report: /results/run-fixed/report.html
      "
    `);
  });
});
