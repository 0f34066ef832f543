/**
 * The gate with real processes (issue 6): 20 repetitions of a same-machine run in which the
 * fake pipeline (a test double) faces itself (A/A) and a copy whose every stage is 20% slower.
 * Required: A/A gives no regression in >= 19 of 20; the 20% slower candidate is flagged in
 * >= 19 of 20. The measured rates are printed.
 */
import { describe, expect, it } from 'vitest';
import { brief, CANDIDATES, runScenarios } from './fixtures/gate-scenarios.js';

const REPETITIONS = 20;
const ITERATIONS = 6;

describe('regression gate on real processes: false alarms and detection', () => {
  it(`A/A passes and a 20% slower candidate fails, in >= 19 of ${REPETITIONS} repetitions`, async () => {
    let falseAlarms = 0;
    let detected = 0;
    const embedRatios: number[] = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const reports = await runScenarios([CANDIDATES.same, CANDIDATES.slower20], ITERATIONS);
      const aa = reports.get('same')!;
      const slow = reports.get('slower20')!;
      if (aa.exitCode !== 0) {
        falseAlarms++;
        console.log(`rep ${rep}: A/A FALSE ALARM: ${brief(aa)}`);
      }
      // flagged = the gate fails because of a slowdown in time or throughput
      const flagged = slow.exitCode === 1 && slow.verdicts.some((v) => v.verdict === 'regression' && v.metric !== 'peak_rss');
      if (flagged) detected++;
      else console.log(`rep ${rep}: 20% slower NOT flagged: ${brief(slow)}`);
      embedRatios.push(slow.diagnostics.find((v) => v.metric === 'stage:embed')!.ratio.value);
    }
    console.log(`embed stage ratios of the 20% slower candidate: ${embedRatios.map((r) => r.toFixed(3)).join(' ')}`);
    console.log(
      `gate rates over ${REPETITIONS} repetitions x ${ITERATIONS} iterations per side: A/A false alarms ${falseAlarms}/${REPETITIONS}; 20% slower detected ${detected}/${REPETITIONS}`,
    );
    expect(falseAlarms).toBeLessThanOrEqual(1);
    expect(detected).toBeGreaterThanOrEqual(19);
  }, 1_200_000);
});
