/**
 * Claim 1 of the article (issue 16), "a Rust rewrite of the Python pipeline ran about 1.5 times
 * as fast", judged at each corpus size of a scale run on its own, never as one number: the
 * Python pipeline's end to end / the Rust pipeline's, Hodges-Lehmann with the exact
 * Mann-Whitney interval (stats/ratio.ts), at 1 - alpha with alpha = 0.05 / (sizes x pairs).
 */
import { ratioTest } from '../stats/index.js';
import type { ClaimVerdict, IterationResult, PipelineSpec, ScaleClaim } from '../types.js';
import { measuredOk } from './samples.js';
import { FAMILY_ALPHA } from './significance.js';

/** "About 1.5 times as fast": 1.5x give or take a quarter. */
export const CLAIM1_BAND: [number, number] = [1.25, 1.75];

export const CLAIM1_RULE =
  `Claim 1 is judged at each size apart: speedup = the Python pipeline's end to end / the Rust pipeline's (Hodges-Lehmann estimate, exact Mann-Whitney interval). ` +
  `"About 1.5x" is read as ${CLAIM1_BAND[0]}x to ${CLAIM1_BAND[1]}x. It holds at a size when the whole interval lies in that band, does not hold when the whole interval lies outside it ` +
  '(Rust clearly less or clearly more than about 1.5x as fast), and is inconclusive when the interval reaches across an edge of the band or is only the range of too few runs.';

export interface SizeRuns {
  label: string;
  chunks: number | null;
  iterations: readonly IterationResult[];
}

const walls = (its: readonly IterationResult[], id: string) => measuredOk(its, id).map((it) => it.wallMs);

/** Every (Rust, Python) pair of the run, by the pipelines' declared language; full-mode pipelines only. */
export function claimPairs(pipelines: readonly PipelineSpec[]): Array<{ rustId: string; pythonId: string }> {
  const of = (lang: string) => pipelines.filter((p) => p.language === lang && p.mode !== 'stub');
  return of('Rust').flatMap((r) => of('Python').map((p) => ({ rustId: r.id, pythonId: p.id })));
}

export function claimVerdict(speedup: ScaleClaim['speedup'], band = CLAIM1_BAND): ClaimVerdict {
  if (!speedup || speedup.method === 'range' || !Number.isFinite(speedup.ciLow)) return 'inconclusive';
  if (speedup.ciLow >= band[0] && speedup.ciHigh <= band[1]) return 'holds';
  if (speedup.ciHigh < band[0] || speedup.ciLow > band[1]) return 'does not hold';
  return 'inconclusive';
}

/** Claim 1 at every size for every pair, with the family's alpha. */
export function scaleClaims(sizes: readonly SizeRuns[], pipelines: readonly PipelineSpec[]): { claims: ScaleClaim[]; alpha: number; tests: number } {
  const pairs = claimPairs(pipelines);
  const tests = Math.max(1, sizes.length * pairs.length);
  const alpha = FAMILY_ALPHA / tests;
  const claims = sizes.flatMap((size) =>
    pairs.map(({ rustId, pythonId }): ScaleClaim => {
      const [rust, python] = [walls(size.iterations, rustId), walls(size.iterations, pythonId)];
      const test = rust.length && python.length ? ratioTest(python, rust, alpha) : null;
      const speedup = test ? test.ratio : null;
      return {
        size: size.label,
        chunks: size.chunks,
        rustId,
        pythonId,
        runs: [rust.length, python.length],
        speedup,
        pValue: test?.pValue ?? Number.NaN,
        verdict: claimVerdict(speedup),
      };
    }),
  );
  return { claims, alpha, tests };
}
