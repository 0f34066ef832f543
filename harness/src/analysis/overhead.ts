/**
 * Claim 2 of the article (issue 16): "model inference takes most of the time in both, and the
 * faster pipeline's gain comes from much lower overhead around the inference". From a run of
 * the `overhead` workload, where each pipeline ran in full mode (the model) and beside it, in
 * the same interleaved plan, its stub-mode twin (hash embedding, no model, no tokenizer):
 *
 * - elsewhere = the stub twin's end to end (reading, chunking, the upsert, start-up: everything
 *   but the model); inference = full - elsewhere (model load, tokenization, forward passes);
 * - inference share = 1 - stub/full, the ratio by the stats layer's Hodges-Lehmann estimate with
 *   the exact Mann-Whitney interval; the elsewhere ratio between two pipelines the same way,
 *   with the exact rank test (stats/ratio.ts ratioTest, as every ratio of the report).
 *
 * Every interval is at 1 - alpha, alpha = 0.05 / (pipelines + 2 x pairs: each pair's elsewhere
 * ratio and its end-to-end ratio) (Bonferroni over the intervals the verdicts rest on), and says its exact coverage; with too few runs it is the
 * range of all pairs, and no verdict rests on a range.
 */
import { median, ratioTest } from '../stats/index.js';
import type { ClaimVerdict, IterationResult, OverheadAnalysis, OverheadPair, OverheadPipeline, RunSummary } from '../types.js';
import { measuredOk } from './samples.js';
import { FAMILY_ALPHA } from './significance.js';

/** The rule of the verdicts, stated in the report. */
export const OVERHEAD_RULE =
  "Inference takes most of a pipeline's time when its inference share's interval lies above 50% (below: it does not). " +
  "The faster pipeline's gain comes from lower overhead when its time outside inference is significantly lower than the other's " +
  '(the interval excludes 1 and the exact rank test gives p < alpha) and that difference is at least half of the end-to-end difference (medians); ' +
  'significantly lower but under half, or higher: it does not; no significant end-to-end gain: inconclusive. Claim 2 holds for a pair when both pipelines spend most of their time in inference and the gain comes from lower overhead; ' +
  'it does not hold when any part does not; otherwise (too few runs, no significant difference) it is inconclusive.';

const wall = (runs: IterationResult[]) => runs.map((it) => it.wallMs).filter((x) => x > 0);
const stageMedian = (runs: IterationResult[], stage: string): number | null => {
  const xs = runs.flatMap((it) => it.stages.filter((s) => s.stage === stage).map((s) => s.busyMs));
  return xs.length ? median(xs) : null;
};
const medianOrNull = (xs: number[]) => (xs.length ? median(xs) : null);

interface Sides {
  id: string;
  stubId: string;
  full: number[];
  stub: number[];
  fullRuns: IterationResult[];
}

function shareVerdict(share: OverheadPipeline['inferenceShare']): ClaimVerdict {
  if (!share || share.method === 'range') return 'inconclusive';
  if (share.ciLow > 0.5) return 'holds';
  if (share.ciHigh < 0.5) return 'does not hold';
  return 'inconclusive';
}

function pipelineOverhead(s: Sides, alpha: number): OverheadPipeline {
  const [fullMs, elsewhereMs] = [medianOrNull(s.full), medianOrNull(s.stub)];
  let inferenceShare: OverheadPipeline['inferenceShare'] = null;
  if (s.full.length && s.stub.length) {
    // stub / full as a ratio with its interval; the share of inference is 1 minus it (the bounds swap)
    const r = ratioTest(s.stub, s.full, alpha).ratio;
    inferenceShare = { value: 1 - r.value, ciLow: 1 - r.ciHigh, ciHigh: 1 - r.ciLow, level: r.level, method: r.method };
  }
  return {
    pipelineId: s.id,
    stubId: s.stubId,
    runs: { full: s.full.length, stub: s.stub.length },
    fullMs,
    elsewhereMs,
    inferenceMs: fullMs !== null && elsewhereMs !== null ? fullMs - elsewhereMs : null,
    embedMs: stageMedian(s.fullRuns, 'embed'),
    modelLoadMs: stageMedian(s.fullRuns, 'model_load'),
    inferenceShare,
    inferenceMostly: shareVerdict(inferenceShare),
  };
}

function gainVerdict(pair: Omit<OverheadPair, 'gainFromOverhead' | 'verdict'>): ClaimVerdict {
  if (!pair.endToEndSignificant) return 'inconclusive'; // no significant gain end to end: nothing to explain
  if (pair.elsewhere.method === 'range' || !pair.significant) return 'inconclusive';
  if (pair.elsewhere.ciLow > 1) return 'does not hold'; // the faster one spends MORE time outside inference
  return pair.gapShareElsewhere >= 0.5 ? 'holds' : 'does not hold';
}

function combine(parts: ClaimVerdict[]): ClaimVerdict {
  if (parts.includes('does not hold')) return 'does not hold';
  return parts.every((p) => p === 'holds') ? 'holds' : 'inconclusive';
}

function pairOverhead(a: Sides, b: Sides, shares: Map<string, OverheadPipeline>, alpha: number): OverheadPair {
  const [fa, fb] = [median(a.full), median(b.full)];
  const [faster, slower] = fa <= fb ? [a, b] : [b, a];
  const test = ratioTest(faster.stub, slower.stub, alpha);
  const gain = ratioTest(faster.full, slower.full, alpha);
  const endToEndGapMs = median(slower.full) - median(faster.full);
  const elsewhereGapMs = median(slower.stub) - median(faster.stub);
  const base = {
    fasterId: faster.id,
    slowerId: slower.id,
    elsewhere: test.ratio,
    pValue: test.pValue,
    significant: test.significant,
    runs: [faster.stub.length, slower.stub.length] as [number, number],
    endToEnd: gain.ratio,
    endToEndSignificant: gain.significant && gain.ratio.ciHigh < 1,
    endToEndGapMs,
    elsewhereGapMs,
    gapShareElsewhere: endToEndGapMs > 0 ? elsewhereGapMs / endToEndGapMs : Number.NaN,
  };
  const gainFromOverhead = gainVerdict(base);
  const verdict = combine([shares.get(a.id)!.inferenceMostly, shares.get(b.id)!.inferenceMostly, gainFromOverhead]);
  return { ...base, gainFromOverhead, verdict };
}

/** Claim 2's figures and verdicts; null when the run has no stub-mode twins (not an overhead run). */
export function overheadAnalysis(run: RunSummary): OverheadAnalysis | null {
  const sides: Sides[] = run.pipelines
    .filter((p) => p.stubTwinOf === undefined)
    .flatMap((p) => {
      const twin = run.pipelines.find((t) => t.stubTwinOf === p.id);
      if (!twin) return [];
      const fullRuns = measuredOk(run.iterations, p.id);
      return [{ id: p.id, stubId: twin.id, full: wall(fullRuns), stub: wall(measuredOk(run.iterations, twin.id)), fullRuns }];
    });
  if (sides.length === 0) return null;
  const measured = sides.filter((s) => s.full.length > 0 && s.stub.length > 0);
  const pairCount = (measured.length * (measured.length - 1)) / 2;
  const tests = measured.length + 2 * pairCount;
  const alpha = FAMILY_ALPHA / Math.max(1, tests);
  const pipelines = sides.map((s) => pipelineOverhead(s, alpha));
  const byId = new Map(pipelines.map((p) => [p.pipelineId, p]));
  const pairs = measured.flatMap((a, i) => measured.slice(i + 1).map((b) => pairOverhead(a, b, byId, alpha)));
  return { pipelines, pairs, alpha, tests, rule: OVERHEAD_RULE };
}
