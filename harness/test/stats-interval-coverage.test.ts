/**
 * Every interval the reports print with a confidence level holds it: a deterministic simulation
 * (seeded draws) from skewed and heavy-tailed distributions, n = 5, 10, 20 per sample, of
 * - the order-statistic interval of a median (one pipeline's figure), and
 * - the Hodges-Lehmann / exact Mann-Whitney interval of a ratio (candidate = reference x factor).
 * Each interval states its exact coverage (`level`); the simulated coverage must reach it (less
 * Monte Carlo error) and it must be >= 93% from n = 5 on. Fewer runs give a `range`, never
 * called significant. The table is printed for stats/README.md.
 */
import { describe, expect, it } from 'vitest';
import { medianInterval, ratioTest, seededRandom, type Random } from '../src/stats/index.js';

interface Distribution {
  name: string;
  draw: (random: Random) => number;
  median: number;
}

const DISTRIBUTIONS: Distribution[] = [
  // skewed: log-normal, sigma 0.8
  { name: 'log-normal (skewed)', draw: (r) => Math.exp(0.8 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())), median: 1 },
  // heavy-tailed: Pareto with alpha 1.2 (infinite variance), scale 1
  { name: 'Pareto a=1.2 (heavy tail)', draw: (r) => (1 - r()) ** (-1 / 1.2), median: 2 ** (1 / 1.2) },
  // a floor plus an exponential tail: how run times look (start-up cost + jitter)
  { name: '1 + exponential (floor + tail)', draw: (r) => 1 - Math.log(1 - r()), median: 1 + Math.LN2 },
];
const SIZES = [5, 10, 20];
const TRIALS = 2000;
/** Three standard errors of a coverage near 95% over TRIALS draws. */
const SLACK = 3 * Math.sqrt((0.95 * 0.05) / TRIALS);

const sample = (d: Distribution, n: number, random: Random, scale = 1) => Array.from({ length: n }, () => scale * d.draw(random));

function medianCoverage(d: Distribution, n: number) {
  const random = seededRandom(1000 + n);
  let covered = 0;
  let level = 0;
  for (let t = 0; t < TRIALS; t++) {
    const ci = medianInterval(sample(d, n, random));
    level = ci.level;
    if (ci.ciLow <= d.median && d.median <= ci.ciHigh) covered++;
  }
  return { coverage: covered / TRIALS, level };
}

function ratioCoverage(d: Distribution, n: number, factor: number) {
  const random = seededRandom(2000 + n);
  let covered = 0;
  let calledDifferent = 0;
  let level = 0;
  for (let t = 0; t < TRIALS; t++) {
    const reference = sample(d, n, random);
    const candidate = sample(d, n, random, factor);
    const test = ratioTest(candidate, reference, 0.05);
    level = test.ratio.level;
    if (test.ratio.ciLow <= factor && factor <= test.ratio.ciHigh) covered++;
    if (test.significant) calledDifferent++;
  }
  return { coverage: covered / TRIALS, level, calledDifferent: calledDifferent / TRIALS };
}

const rows: string[] = ['| interval | n | distribution | stated level | simulated coverage |', '| --- | --- | --- | --- | --- |'];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('interval coverage by simulation', () => {
  for (const d of DISTRIBUTIONS) {
    for (const n of SIZES) {
      it(`median, ${d.name}, n = ${n}: covers at its stated level (>= 93%)`, () => {
        const { coverage, level } = medianCoverage(d, n);
        rows.push(`| median (order statistics) | ${n} | ${d.name} | ${pct(level)} | ${pct(coverage)} |`);
        expect(level).toBeGreaterThanOrEqual(0.93);
        expect(coverage).toBeGreaterThanOrEqual(level - SLACK);
      });

      it(`ratio of medians, ${d.name}, n = ${n} per side: covers at its stated level (>= 95%)`, () => {
        const { coverage, level } = ratioCoverage(d, n, 1.3);
        rows.push(`| ratio (Hodges-Lehmann, exact rank interval) | ${n} + ${n} | ${d.name} | ${pct(level)} | ${pct(coverage)} |`);
        expect(level).toBeGreaterThanOrEqual(0.95);
        expect(coverage).toBeGreaterThanOrEqual(level - SLACK);
      });
    }
  }

  it('identical samples (A/A) are called different in at most 5% of trials', () => {
    for (const d of DISTRIBUTIONS) {
      for (const n of [6, 10]) {
        const { calledDifferent } = ratioCoverage(d, n, 1);
        rows.push(`| A/A called different | ${n} + ${n} | ${d.name} | 5% allowed | ${pct(calledDifferent)} |`);
        expect(calledDifferent).toBeLessThanOrEqual(0.05 + SLACK);
      }
    }
  });

  it('too few runs for the level: a range with its true coverage, never significant', () => {
    const three = medianInterval([10, 11, 12]);
    expect(three).toMatchObject({ method: 'range', ciLow: 10, ciHigh: 12, level: 0.75 });
    // 3 vs 3, completely separated, a 2x difference: still not significant (the exact test cannot go below p = 0.1)
    const test = ratioTest([20, 21, 22], [10, 11, 12]);
    expect(test.ratio.method).toBe('range');
    expect(test.significant).toBe(false);
    // one run each: no interval at all
    expect(ratioTest([20], [10]).ratio.level).toBe(0);
    expect(ratioTest([20], [10]).significant).toBe(false);
    console.log(`\n${rows.join('\n')}\n`);
  });
});
