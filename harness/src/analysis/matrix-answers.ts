/**
 * The matrix's two derived answers, from one run. "What the language costs": pipelines on the
 * same engine in different languages (rust-ort vs ts vs python-ort; rust-tch vs python). "What
 * the engine costs": pipelines in the same language on different engines (rust vs rust-ort vs
 * rust-tch; python vs python-ort). In each group the anchor is the pipeline on the reference
 * pipeline's language (or engine), else the group's first, so the answers point the same way as
 * every other ratio of the report; each other pipeline of the group is compared with it.
 *
 * Each comparison is taken for end to end, for everything but embed (wall - embed busy time,
 * per iteration) and for embed busy time alone, by the stats layer's ratio test (Hodges-Lehmann
 * with the exact Mann-Whitney interval, and the rank test). All of them are one family:
 * Bonferroni, each tested at 0.05 / (its size), so their intervals hold jointly.
 */
import { measuredOk } from './samples.js';
import { FAMILY_ALPHA } from './significance.js';
import { ratioTest, smallestRankTestP } from '../stats/index.js';
import { COST_PARTS } from '../matrix-types.js';
import type { CostComparison, CostFamily, CostPart, IterationResult, MatrixOutcome, RunSummary } from '../types.js';

interface Participant {
  id: string;
  language: string;
  engine: string;
  samples: Record<CostPart, number[]>;
}

const embedBusy = (it: IterationResult) => it.stages.find((s) => s.stage === 'embed')?.busyMs;

/** The per-iteration samples of each part, over the measured runs that succeeded. */
function partSamples(run: RunSummary, pipelineId: string): Record<CostPart, number[]> {
  const out: Record<CostPart, number[]> = { wall: [], 'non-inference': [], embed: [] };
  for (const it of measuredOk(run.iterations, pipelineId)) {
    out.wall.push(it.wallMs);
    const embed = embedBusy(it);
    if (embed === undefined || !(embed > 0)) continue;
    out.embed.push(embed);
    if (it.wallMs - embed > 0) out['non-inference'].push(it.wallMs - embed);
  }
  return out;
}

/** One question's comparisons: group by the shared side, anchor on the reference pipeline's other side. */
function groupComparisons(question: CostComparison['question'], participants: Participant[], reference: Participant | undefined) {
  const shared = (p: Participant) => (question === 'language' ? p.engine : p.language);
  const side = (p: Participant) => (question === 'language' ? p.language : p.engine);
  const groups = new Map<string, Participant[]>();
  for (const p of participants) groups.set(shared(p), [...(groups.get(shared(p)) ?? []), p]);
  const pairs: Array<{ question: CostComparison['question']; shared: string; anchor: Participant; candidate: Participant }> = [];
  for (const [key, group] of groups) {
    const anchor = group.find((p) => reference && side(p) === side(reference)) ?? group[0];
    for (const candidate of group.filter((p) => side(p) !== side(anchor))) pairs.push({ question, shared: key, anchor, candidate });
  }
  return { pairs, side };
}

/** The fewest runs per pipeline (the same on both sides) at which a test at `alpha` can be significant. */
function fewestRuns(alpha: number): number {
  let n = 2;
  while (smallestRankTestP(n, n) >= alpha) n++;
  return n;
}

export function costComparisons(
  run: RunSummary,
  members: Array<{ id: string; language: string; engine: string; outcome: MatrixOutcome }>,
): { comparisons: CostComparison[]; family: CostFamily } {
  const participants: Participant[] = members
    .filter((m) => m.outcome.kind === 'measured')
    .map((m) => ({ id: m.id, language: m.language, engine: m.engine, samples: partSamples(run, m.id) }));
  const referenceId = run.pipelines.find((p) => p.reference)?.id;
  const reference = participants.find((p) => p.id === referenceId);
  const questions = (['language', 'engine'] as const).map((q) => groupComparisons(q, participants, reference));
  const pairs = questions.flatMap((q) => q.pairs.map((pair) => ({ ...pair, side: q.side })));
  const testable = (a: Participant, c: Participant, part: CostPart) => a.samples[part].length > 0 && c.samples[part].length > 0;
  const tests = pairs.flatMap(({ anchor, candidate }) =>
    COST_PARTS.filter((part) => testable(anchor, candidate, part)).map((part) => ({ anchor, candidate, part })),
  );
  const alpha = FAMILY_ALPHA / Math.max(1, tests.length);
  const comparisons = pairs.map(({ question, shared, anchor, candidate, side }): CostComparison => {
    const parts = Object.fromEntries(
      COST_PARTS.map((part) => {
        if (!testable(anchor, candidate, part)) return [part, null];
        const [a, c] = [anchor.samples[part], candidate.samples[part]];
        // anchor / candidate: > 1 means the candidate takes less time (a factor, as in every ratio of the report)
        const test = ratioTest(a, c, alpha);
        return [part, { factor: test.ratio, pValue: test.pValue, significant: test.significant, runs: [a.length, c.length] }];
      }),
    ) as CostComparison['parts'];
    return { question, shared, anchorId: anchor.id, candidateId: candidate.id, anchorSide: side(anchor), candidateSide: side(candidate), parts };
  });
  const reachable = tests.some(({ anchor, candidate, part }) => smallestRankTestP(anchor.samples[part].length, candidate.samples[part].length) < alpha);
  return { comparisons, family: { tests: tests.length, alpha, correction: 'bonferroni', reachable, fewestRuns: fewestRuns(alpha) } };
}
