/**
 * The gate with real processes (issue 6): a candidate 3% slower stays under the 10% threshold
 * (not flagged), and a candidate with about 30% higher peak RSS is flagged on the memory metric.
 */
import { describe, expect, it } from 'vitest';
import { BASE_ALLOC_MB, brief, CANDIDATES, runScenarios } from './fixtures/gate-scenarios.js';

const REPETITIONS = 5;
const ITERATIONS = 6;

describe('regression gate on real processes: small changes and memory', () => {
  it('3% slower is not flagged under a 10% threshold; 30% more memory is flagged on peak RSS', async () => {
    let smallFlagged = 0;
    let memoryFlagged = 0;
    const peakRatios: number[] = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const timing = await runScenarios([CANDIDATES.slower3], ITERATIONS);
      const memory = await runScenarios([CANDIDATES.memory30], ITERATIONS, BASE_ALLOC_MB);
      const small = timing.get('slower3')!;
      const mem = memory.get('memory30')!;
      if (small.regressions > 0) {
        smallFlagged++;
        console.log(`rep ${rep}: 3% slower FLAGGED: ${brief(small)}`);
      }
      const rss = mem.verdicts.find((v) => v.metric === 'peak_rss')!;
      peakRatios.push(rss.ratio.value);
      console.log(`rep ${rep}: peak RSS ratio ${rss.ratio.value.toFixed(3)} [${rss.ratio.ciLow.toFixed(3)}-${rss.ratio.ciHigh.toFixed(3)}] ${rss.verdict}`);
      if (rss.verdict === 'regression' && mem.exitCode === 1) memoryFlagged++;
    }
    console.log(`over ${REPETITIONS} repetitions: 3% slower flagged ${smallFlagged}/${REPETITIONS}; ~30% more memory flagged ${memoryFlagged}/${REPETITIONS}`);
    expect(smallFlagged).toBe(0);
    expect(peakRatios.every((r) => r > 1.2)).toBe(true);
    expect(memoryFlagged).toBe(REPETITIONS);
  }, 600_000);
});
