/**
 * Power by simulation: how likely a decision rule is to detect a change of a given size, with
 * the noise the runs themselves show. No formula fits here: the gate's rule (an exact rank
 * interval at a Bonferroni level, a rank test, a threshold, an absolute floor) has no closed
 * form power, so the rule itself is run on simulated samples.
 *
 * Noise model (a smoothed bootstrap of log residuals): each observed sample is centred on its
 * own median on the log scale, the residuals are pooled, and a simulated run is
 * center x exp(c (residual + h z)), the residual drawn with replacement, z standard normal,
 * h Silverman's bandwidth, c < 1 the shrink that keeps the residuals' variance. The smoothing keeps the shape of the noise (skew, a slow outlier)
 * without the ties a plain bootstrap makes, which would push the rank test off its exact
 * distribution. The changed side is the same times `factor(effect)`.
 *
 * Common random numbers: every effect and run count is tried on the same seeded draws, so the
 * detection rate grows smoothly with the effect and the searches below are well defined.
 * Residuals from few runs understate rare outliers: the figures estimate power, they do not
 * bound it.
 */
import { mad, median } from './descriptive.js';
import { DEFAULT_SEED, seededRandom, type Random } from './random.js';

/** The decision under study: true when it calls `changed` different from `reference` in the direction sought. */
export type Detects = (reference: number[], changed: number[]) => boolean;

export interface PowerSettings {
  /** Detection probability sought (0.8: the usual design power). */
  power: number;
  /** Simulated pairs of samples per figure. */
  trials: number;
  seed: number;
  /** The most runs per side searched for. */
  maxRuns: number;
}

export const DEFAULT_POWER: PowerSettings = { power: 0.8, trials: 200, seed: DEFAULT_SEED, maxRuns: 40 };

/** The noise of some samples as pooled log residuals, each sample about its own median; non-positive values are dropped. */
export function logResiduals(...samples: ReadonlyArray<readonly number[]>): number[] {
  const out: number[] = [];
  for (const s of samples) {
    const logs = s.filter((x) => x > 0).map(Math.log);
    const m = median(logs);
    for (const l of logs) out.push(l - m);
  }
  return out;
}

function gaussian(random: Random): number {
  // Box-Muller; 1 - u keeps log() away from 0
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The simulated noise: per trial, two sides of up to maxRuns log-multipliers each, fixed by the seed. */
class Draws {
  readonly sides: Array<[number[], number[]]>;

  constructor(residuals: readonly number[], settings: PowerSettings) {
    const random = seededRandom(settings.seed);
    const spread = 1.4826 * mad(residuals); // the normal-consistent robust spread
    const h = 1.06 * spread * residuals.length ** -0.2;
    // shrunk so that the smoothing adds no variance (the variance-corrected smoothed bootstrap)
    const sd = Math.sqrt(residuals.reduce((sum, r) => sum + r * r, 0) / residuals.length);
    const shrink = sd > 0 ? 1 / Math.sqrt(1 + (h * h) / (sd * sd)) : 1;
    const one = () => shrink * (residuals[Math.floor(random() * residuals.length)] + h * gaussian(random));
    const side = () => Array.from({ length: settings.maxRuns }, one);
    this.sides = Array.from({ length: settings.trials }, () => [side(), side()]);
  }

  /** Whether `detects` fires in at least `power` of the trials with `runs` per side and this factor; stops once decided. */
  reaches(center: number, runs: number, factor: number, detects: Detects, power: number): boolean {
    const needed = Math.ceil(power * this.sides.length);
    let hits = 0;
    let misses = 0;
    for (const [a, b] of this.sides) {
      const reference = a.slice(0, runs).map((r) => center * Math.exp(r));
      const changed = b.slice(0, runs).map((r) => center * factor * Math.exp(r));
      if (detects(reference, changed)) hits++;
      else misses++;
      if (hits >= needed) return true;
      if (misses > this.sides.length - needed) return false;
    }
    return false;
  }
}

export interface PowerQuestion {
  /** Pooled log residuals of the observed runs (`logResiduals`). */
  residuals: readonly number[];
  /** The value the simulated samples centre on (the baseline's median): absolute floors need the scale. */
  center: number;
  /** Measured value factor of a change of size `effect` (1 + e for a slower time, 1 - e for a lower throughput). */
  factor: (effect: number) => number;
  detects: Detects;
}

export interface PowerAnswer {
  /** The smallest effect detected with the sought power at `runs` per side; null: not even the largest searched. */
  detectable: number | null;
  /** Runs per side at which `target` is detected with the sought power; null: more than maxRuns. */
  runsForTarget: number | null;
  runs: number;
  target: number;
  power: number;
  trials: number;
  maxRuns: number;
  /** The largest effect searched: a change beyond it is not one a gate needs help to see. */
  maxEffect: number;
}

const MAX_EFFECT = 0.9;

/**
 * The smallest effect detected with `settings.power` at `runs` per side (bisection on the
 * effect), and the fewest runs per side that detect `target` so (bisection on the runs).
 */
export function simulatePower(q: PowerQuestion, runs: number, target: number, settings: PowerSettings = DEFAULT_POWER): PowerAnswer {
  const answer = { runs, target, power: settings.power, trials: settings.trials, maxRuns: settings.maxRuns, maxEffect: MAX_EFFECT };
  if (q.residuals.length < 2 || runs < 2 || !(q.center > 0)) return { ...answer, detectable: null, runsForTarget: null };
  const draws = new Draws(q.residuals, settings);
  const detected = (effect: number, n: number) => draws.reaches(q.center, n, q.factor(effect), q.detects, settings.power);

  let detectable: number | null = null;
  const n = Math.min(runs, settings.maxRuns);
  if (detected(MAX_EFFECT, n)) {
    let lo = 0;
    let hi = MAX_EFFECT;
    while (hi - lo > 0.0025) {
      const mid = (lo + hi) / 2;
      if (detected(mid, n)) hi = mid;
      else lo = mid;
    }
    detectable = hi;
  }

  return { ...answer, detectable, runsForTarget: fewestRuns((runs) => detected(target, runs), n, settings.maxRuns) };
}

/** The fewest runs in [2, max] for which `enough` holds (assumed monotone), searched from `start` outwards; null if not even max. */
function fewestRuns(enough: (runs: number) => boolean, start: number, max: number): number | null {
  let lo = 1; // known not enough (fewer than two runs decide nothing)
  let hi = start;
  // grow from the runs at hand first: the usual answer is near them, and large samples cost the most
  while (!enough(hi)) {
    if (hi >= max) return null;
    lo = hi;
    hi = Math.min(max, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
