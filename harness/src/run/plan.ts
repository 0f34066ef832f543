import { seededRandom, type Random } from '../stats/random.js';
import type { IterationResult, PipelineSpec } from '../types.js';

export interface PlannedIteration {
  pipeline: PipelineSpec;
  /** 0-based among this pipeline's runs, warmups included. */
  index: number;
  kind: IterationResult['kind'];
}

/**
 * What is ordered within a round: a pipeline alone, or a pair that always runs back to back, so
 * that drift hits both sides of the comparison alike: a gate's (baseline copy, candidate), or
 * the overhead workload's (stub-mode twin, full-mode pipeline).
 */
type Unit = PipelineSpec[];

/** The pipeline a partner runs beside: a gate's baseline copy beside its candidate, a stub-mode twin beside its full-mode pipeline. */
const partnerOf = (p: PipelineSpec) => p.baselineCopyOf ?? p.stubTwinOf;

function unitsOf(pipelines: PipelineSpec[]): Unit[] {
  const ids = new Set(pipelines.map((p) => p.id));
  const units: Unit[] = [];
  for (const p of pipelines) {
    const partnerOfWhom = partnerOf(p);
    if (partnerOfWhom !== undefined && ids.has(partnerOfWhom)) continue; // placed with its candidate
    const copy = pipelines.find((c) => partnerOf(c) === p.id);
    units.push(copy ? [copy, p] : [p]);
  }
  return units;
}

/** A seeded Fisher-Yates shuffle that does not open with `notFirst` (the previous round's last unit) when it can help it. */
function shuffle<T>(items: T[], random: Random, notFirst?: T): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  if (out.length > 1 && out[0] === notFirst) {
    const j = 1 + Math.floor(random() * (out.length - 1));
    [out[0], out[j]] = [out[j], out[0]];
  }
  return out;
}

/**
 * The run's order, round by round (every pipeline once per round, so machine drift hits all
 * alike). Each round's order is shuffled with a seeded generator (the seed is recorded in the
 * summary), so no pipeline always follows the same predecessor (nor itself, across rounds). A
 * gate's baseline copy and its candidate (or a stub-mode twin and its pipeline) run back to back in ABBA order: copy first in even rounds, candidate first in odd
 * ones. Per pipeline: `warmup` runs not counted, then `iterations` measured runs. The first
 * process of each pipeline is its first run (kind `first`, its first warmup); with warmup 0
 * there is no first run apart and the first measured run is simply measured.
 */
export function planIterations(pipelines: PipelineSpec[], warmup: number, iterations: number, seed: number): PlannedIteration[] {
  const random = seededRandom(seed);
  const units = unitsOf(pipelines);
  const plan: PlannedIteration[] = [];
  let previous: Unit[] = [];
  for (let index = 0; index < warmup + iterations; index++) {
    const kind: PlannedIteration['kind'] = index >= warmup ? 'measured' : index === 0 ? 'first' : 'warmup';
    previous = shuffle(units, random, previous.at(-1));
    for (const unit of previous) {
      const ordered = index % 2 === 0 ? unit : [...unit].reverse();
      for (const pipeline of ordered) plan.push({ pipeline, index, kind });
    }
  }
  return plan;
}

/** A fresh seed for a run's order (recorded in its summary, so the order can be reproduced with --seed). */
export function newOrderSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
