/**
 * Claim 1's row: the Python pipeline's end to end / the Rust pipeline's, judged at each corpus
 * size apart by scale-claim.ts's rule (a 1.25x-1.75x band). From a scale run, every size; from
 * any other run with a Rust and a Python pipeline, the one size it measured, said so.
 */
import type { ClaimFigure } from '../claims-types.js';
import type { RunSummary, ScaleClaim } from '../types.js';
import type { ClaimMeasurement } from './claims-registry.js';
import { COMBINE_RULE, combineVerdicts } from './claims-combine.js';
import { CLAIM1_RULE, scaleClaims } from './scale-claim.js';

const nameOf = (run: RunSummary, id: string) => run.pipelines.find((p) => p.id === id)?.name ?? id;
const chunksOf = (c: ScaleClaim) => (c.chunks === null ? '' : ` (${c.chunks} chunk${c.chunks === 1 ? '' : 's'})`);

function figureOf(run: RunSummary, c: ScaleClaim): ClaimFigure[] {
  if (!c.speedup) return [];
  return [
    {
      label: `${nameOf(run, c.pythonId)} / ${nameOf(run, c.rustId)}, end to end, ${c.size}${chunksOf(c)}, ${c.runs[1]} vs ${c.runs[0]} runs`,
      unit: 'ratio',
      estimate: c.speedup,
      verdict: c.verdict,
    },
  ];
}

/** Claim 1 at the one size of an index (or overhead) run: the same rule, one size. */
function oneSizeClaims(run: RunSummary): ScaleClaim[] {
  const chunks = run.iterations.find((it) => it.kind === 'measured' && it.status === 'ok' && it.counts)?.counts?.chunks ?? null;
  return scaleClaims([{ label: `${Math.round(run.settings.corpus.bytes / 1000)} KB`, chunks, iterations: run.iterations }], run.pipelines).claims;
}

export function speedClaim(run: RunSummary): ClaimMeasurement | null {
  const fromScale = (run.scale?.claims.length ?? 0) > 0;
  const claims = fromScale ? run.scale!.claims : oneSizeClaims(run);
  const figures = claims.flatMap((c) => figureOf(run, c));
  if (figures.length === 0) return null;
  const sizes = new Set(claims.map((c) => c.size)).size;
  return {
    figures,
    verdict: combineVerdicts(figures.map((f) => f.verdict!)),
    rule: `${CLAIM1_RULE} ${COMBINE_RULE}`,
    note: fromScale
      ? `${sizes} corpus size${sizes === 1 ? '' : 's'}: the verdict depends on the size, so read each.`
      : "One corpus size only (this run's); the claim is judged per size by --workload scale.",
  };
}
