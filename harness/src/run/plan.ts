import type { IterationResult, PipelineSpec } from '../types.js';

export interface PlannedIteration {
  pipeline: PipelineSpec;
  /** 0-based among this pipeline's runs, warmups included. */
  index: number;
  kind: IterationResult['kind'];
}

/**
 * Interleaves the pipelines round by round (A B C A B C ...) so machine drift hits all alike.
 * Per pipeline: `warmup` runs not counted, then `iterations` measured runs. The first process of
 * each pipeline is its first run (kind `first`, its first warmup); with warmup 0 there is no
 * first run apart and the first measured run is simply measured.
 */
export function planIterations(pipelines: PipelineSpec[], warmup: number, iterations: number): PlannedIteration[] {
  const plan: PlannedIteration[] = [];
  for (let index = 0; index < warmup + iterations; index++) {
    const kind: PlannedIteration['kind'] = index >= warmup ? 'measured' : index === 0 ? 'first' : 'warmup';
    for (const pipeline of pipelines) plan.push({ pipeline, index, kind });
  }
  return plan;
}

/** Is this the last measured run of its pipeline (its collection is kept for the equivalence proof)? */
export function isLastMeasured(item: PlannedIteration, warmup: number, iterations: number): boolean {
  return item.kind === 'measured' && item.index === warmup + iterations - 1;
}
