/**
 * Claim 2's row, from an overhead run (analysis/overhead.ts decides, by its stated rule): each
 * pipeline's inference share of end to end, and for each Rust-Python pair the time outside
 * inference, Python / Rust, with its interval. The row's verdict combines the pairs' verdicts.
 */
import type { ClaimFigure } from '../claims-types.js';
import type { Estimate, OverheadAnalysis, OverheadPair, RunSummary } from '../types.js';
import type { ClaimMeasurement } from './claims-registry.js';
import { COMBINE_RULE, combineVerdicts } from './claims-combine.js';
import { claimPairs } from './scale-claim.js';

const nameOf = (run: RunSummary, id: string) => run.pipelines.find((p) => p.id === id)?.name ?? id;

/** a / b with its interval turned into b / a (the bounds swap). */
const inverse = (e: Estimate): Estimate => ({ ...e, value: 1 / e.value, ciLow: 1 / e.ciHigh, ciHigh: 1 / e.ciLow });

/** The pairs the claim is about: Rust against Python; with none in the run, every pair. */
function claimedPairs(run: RunSummary, o: OverheadAnalysis): Array<{ pair: OverheadPair; pythonId: string; rustId: string }> {
  const wanted = claimPairs(run.pipelines);
  const matched = o.pairs.flatMap((pair) => {
    const w = wanted.find((x) => [pair.fasterId, pair.slowerId].includes(x.rustId) && [pair.fasterId, pair.slowerId].includes(x.pythonId));
    return w ? [{ pair, ...w }] : [];
  });
  return matched.length ? matched : o.pairs.map((pair) => ({ pair, pythonId: pair.slowerId, rustId: pair.fasterId }));
}

function pairFigure(run: RunSummary, p: { pair: OverheadPair; pythonId: string; rustId: string }): ClaimFigure {
  // elsewhere is faster / slower: oriented here as the Python side over the Rust side
  const estimate = p.pair.fasterId === p.rustId ? inverse(p.pair.elsewhere) : p.pair.elsewhere;
  return {
    label: `time outside inference (stub-mode end to end), ${nameOf(run, p.pythonId)} / ${nameOf(run, p.rustId)}, ${p.pair.runs[0]} vs ${p.pair.runs[1]} runs; ${(p.pair.gapShareElsewhere * 100).toFixed(0)}% of the end-to-end gap`,
    unit: 'ratio',
    estimate,
    verdict: p.pair.gainFromOverhead,
  };
}

export function overheadClaim(run: RunSummary): ClaimMeasurement | null {
  const o = run.overhead;
  if (!o || o.pairs.length === 0) return null;
  const pairs = claimedPairs(run, o);
  const ids = new Set(pairs.flatMap((p) => [p.pythonId, p.rustId]));
  const shares: ClaimFigure[] = o.pipelines.flatMap((p) =>
    ids.has(p.pipelineId) && p.inferenceShare
      ? [{ label: `inference share of end to end, ${nameOf(run, p.pipelineId)}`, unit: 'share', estimate: p.inferenceShare, verdict: p.inferenceMostly }]
      : [],
  );
  return {
    figures: [...shares, ...pairs.map((p) => pairFigure(run, p))],
    verdict: combineVerdicts(pairs.map((p) => p.pair.verdict)),
    rule: `${o.rule} ${COMBINE_RULE.replace('every figure', "every Rust-Python pair's verdict")}`,
    note: `Intervals at 1 - ${o.alpha.toPrecision(2)} (Bonferroni over ${o.tests} intervals).`,
  };
}
