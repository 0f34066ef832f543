/**
 * The gate's power (issue 9 section 9): what a run could have detected, simulated from its own
 * noise (stats/power.ts, analysis/gate/power.ts). The simulation is checked against the truth:
 * samples drawn from a known distribution, judged by the gate's own rule.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../src/analysis/gate/evaluate.js';
import { gatePower, worseBy } from '../src/analysis/gate/power.js';
import { judgeMetric, type JudgeOptions } from '../src/analysis/gate/verdict.js';
import { summarize } from '../src/analysis/summarize.js';
import { renderGateMarkdown } from '../src/report/gate-markdown.js';
import { seededRandom } from '../src/stats/index.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

/** The gate's rule for one pipeline's end to end time: 10% threshold, 50 ms floor, alpha 0.05 / 3. */
const RULE: JudgeOptions = { threshold: 0.1, minDelta: 50, minSamples: 6, alpha: 0.05 / 3 };

/** Log-normal run times around `center` ms with log-sd `sigma`, from one seed. */
function lognormal(seed: number, sigma: number, center = 10_000) {
  const random = seededRandom(seed);
  const z = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return (n: number, factor = 1) => Array.from({ length: n }, () => center * factor * Math.exp(sigma * z()));
}

/** The true detection rate of a worsening by `effect` at `runs` per side: fresh samples, the gate's rule. */
function trueDetection(sigma: number, runs: number, effect: number, trials = 300): number {
  const draw = lognormal(99, sigma);
  let hits = 0;
  for (let t = 0; t < trials; t++) {
    if (judgeMetric('wall', draw(runs), draw(runs, worseBy('wall', effect)), RULE).verdict === 'regression') hits++;
  }
  return hits / trials;
}

describe('the gate power simulated from a run noise', () => {
  it('predicts the runs a 20% worsening needs and the smallest worsening 6 runs see: the true detection there is near 80%', () => {
    // 40 observed runs of log-sd 0.12 (a stub-mode run on a busy machine); the truth is then simulated afresh
    const sigma = 0.12;
    const observed = lognormal(7, sigma);
    const answer = gatePower('wall', [observed(20), observed(20)], 6, 0.2, RULE);
    const runs = answer.runsForTarget!;
    expect(runs).toBeGreaterThan(6);
    expect(trueDetection(sigma, runs, 0.2)).toBeGreaterThanOrEqual(0.75);
    expect(trueDetection(sigma, runs - 2, 0.2)).toBeLessThan(0.8);
    // 6 runs cannot see 20%: the smallest worsening they detect is larger, and there they detect it ~80% of the time
    expect(answer.detectable!).toBeGreaterThan(0.2);
    expect(trueDetection(sigma, 6, 0.2)).toBeLessThan(0.5);
    const atDetectable = trueDetection(sigma, 6, answer.detectable!);
    expect(atDetectable).toBeGreaterThanOrEqual(0.7);
    expect(atDetectable).toBeLessThanOrEqual(0.9);
  });

  it('more noise: a larger smallest detectable worsening and more runs for the same change', () => {
    const quiet = lognormal(3, 0.03);
    const noisy = lognormal(3, 0.15);
    const q = gatePower('wall', [quiet(12), quiet(12)], 6, 0.2, RULE);
    const n = gatePower('wall', [noisy(12), noisy(12)], 6, 0.2, RULE);
    expect(q.detectable!).toBeLessThan(n.detectable ?? Number.POSITIVE_INFINITY);
    expect(q.runsForTarget!).toBeLessThan(n.runsForTarget ?? Number.POSITIVE_INFINITY);
    expect(q.runsForTarget).toBe(6); // quiet runs: the fewest the gate accepts already suffice
  });

  it('a worsening of throughput is a lower value, of time a higher one', () => {
    expect(worseBy('wall', 0.2)).toBeCloseTo(1.2);
    expect(worseBy('throughput:embed', 0.2)).toBeCloseTo(0.8);
  });
});

describe('evaluateGate says when it could not have seen the change it must catch', () => {
  const run = (seed: number, id: string, noise: number) => summarize(syntheticRun([{ id: 'rs', name: 'Rust', noise }], seed, id));

  it('noisy A/A at 6 runs: PASS, but the headline and the notes say underpowered and how many runs would do', () => {
    const r = evaluateGate(run(1, 'base', 0.2), run(2, 'cand', 0.2));
    expect(r.exitCode).toBe(0);
    expect(r.headline).toMatch(/^PASS: .*underpowered on \d metric\(s\): could not have seen a 20% change/);
    const wall = r.verdicts.find((v) => v.metric === 'wall')!;
    expect(wall.power!.detectable ?? 1).toBeGreaterThan(0.2);
    expect(r.notes.some((n) => /^underpowered: Rust end to end .* runs per side/.test(n))).toBe(true);
    expect(renderGateMarkdown(r)).toMatch(/detects \(80% power\)/);
  });

  it('with --require-power the same run gives no verdict (exit 2), never a silent pass', () => {
    const r = evaluateGate(run(1, 'base', 0.2), run(2, 'cand', 0.2), { requirePower: true });
    expect(r.exitCode).toBe(2);
    expect(r.problems.map((p) => p.kind)).toContain('underpowered');
    expect(r.headline).toMatch(/^NO VERDICT: underpowered/);
  });

  it('quiet A/A at 6 runs: a plain PASS that detects 20%', () => {
    const r = evaluateGate(run(1, 'base', 0.01), run(2, 'cand', 0.01), { requirePower: true });
    expect(r.exitCode).toBe(0);
    expect(r.headline).not.toMatch(/underpowered/);
    expect(r.verdicts.every((v) => v.power && v.power.detectable! <= 0.2)).toBe(true);
  });
});
