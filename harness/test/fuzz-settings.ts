/**
 * Seed and case count of the property-based (fuzz) tests: fixed by default so every run tries
 * the same cases, overridable to explore (FUZZ_SEED=123 FUZZ_RUNS=5000 npx vitest run ...).
 * A failure prints fast-check's seed and path; FUZZ_SEED=<seed> replays it.
 */
import type { Parameters } from 'fast-check';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261202);

/** `cases`: the default count, sized for `npm test`'s budget. */
export function fuzzParameters<T>(name: string, cases: number): Parameters<T> {
  const numRuns = Number(process.env.FUZZ_RUNS ?? cases);
  // printed so the test log states N and the seed of every fuzz target
  console.log(`fuzz ${name}: ${numRuns} cases, seed ${FUZZ_SEED}`);
  return { seed: FUZZ_SEED, numRuns };
}
