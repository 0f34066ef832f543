/**
 * Claim 4's row of the claims table, from a query run (analysis/query.ts decides, by the rule of
 * query-claim-rule.ts): the scaling of every pipeline of the run with its interval, the Rust and
 * Python ones first; the row's verdict is the run's.
 */
import type { ClaimFigure } from '../claims-types.js';
import type { RunSummary } from '../types.js';
import type { ClaimMeasurement } from './claims-registry.js';

const nameOf = (run: RunSummary, id: string) => run.pipelines.find((p) => p.id === id)?.name ?? id;

export function queryClaim(run: RunSummary): ClaimMeasurement | null {
  const q = run.query;
  if (!q) return null;
  const [low, high] = [Math.min(...q.concurrency), Math.max(...q.concurrency)];
  const basis = q.basis ? [q.basis.rustId, q.basis.pythonId] : [];
  const ordered = [...q.pipelines].sort((a, b) => Number(basis.includes(b.pipelineId)) - Number(basis.includes(a.pipelineId)));
  const figures: ClaimFigure[] = ordered.flatMap((p) =>
    p.scaling
      ? [
          {
            label: `${nameOf(run, p.pipelineId)}: queries/s at ${high} concurrent / at ${low}, ${Math.min(...p.levels.map((l) => l.runs))} runs`,
            unit: 'ratio',
            estimate: p.scaling,
          },
        ]
      : [],
  );
  if (figures.length === 0) return null;
  const cap = `${q.cores} core${q.cores === 1 ? '' : 's'} cap the scaling of compute at about ${q.cores}x (more is overlapped waiting)`;
  const agree = q.agreement.passed
    ? 'every pipeline found the same neighbours'
    : `ANSWERS DIFFER (${q.agreement.disagreeing.join(', ')}): no verdict from them`;
  return {
    figures,
    verdict: q.verdict,
    rule: q.rule,
    note: `${q.texts} texts x ${q.passes} pass(es) per level, top ${q.topK}, ${q.threads} threads; ${cap}; ${agree}.`,
  };
}
