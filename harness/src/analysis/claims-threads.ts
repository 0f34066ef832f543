/**
 * Claim 4's row of the claims table from both of its workloads: the query workload's scaling
 * under concurrency (query-claim.ts) and the threads workload's efficiency per thread count
 * (threads.ts decides, by THREADS_RULE). With both in the run, the row combines their verdicts
 * (claims-combine.ts); with one, it is that one's.
 */
import type { ClaimFigure } from '../claims-types.js';
import type { RunSummary, ThreadsPipeline } from '../types.js';
import { COMBINE_RULE, combineVerdicts } from './claims-combine.js';
import type { ClaimMeasurement } from './claims-registry.js';
import { queryClaim } from './query-claim.js';

function figureOf(p: ThreadsPipeline): ClaimFigure | null {
  const top = p.levels.at(-1);
  if (!top?.embedEfficiency || top.threads === 1) return null;
  const runs = Math.min(...p.levels.map((l) => l.runs));
  return {
    label: `threads: ${p.name}, embed-stage efficiency at ${top.threads} threads (speed-up from 1 thread / ${top.threads}), ${runs} runs per count`,
    unit: 'share',
    estimate: top.embedEfficiency,
  };
}

/** The threads workload's part of claim 4; null when the run has no threads section. */
export function threadsClaim(run: RunSummary): ClaimMeasurement | null {
  const t = run.threads;
  if (!t) return null;
  const basis = t.basis ? [t.basis.rustId, t.basis.pythonId] : [];
  const ordered = [...t.pipelines].sort((a, b) => Number(basis.includes(b.pipelineId)) - Number(basis.includes(a.pipelineId)));
  const figures = ordered.map(figureOf).filter((f): f is ClaimFigure => f !== null);
  if (figures.length === 0) return null;
  return {
    figures,
    verdict: t.verdict,
    rule: t.rule,
    note: `Index job at ${t.counts.join(', ')} threads on ${t.cores} cores. ${t.scope}`,
  };
}

/** Claim 4: the query part, the threads part, or both combined. */
export function claim4(run: RunSummary): ClaimMeasurement | null {
  const [q, t] = [queryClaim(run), threadsClaim(run)];
  if (!q || !t) return q ?? t;
  return {
    // Each figure is one pipeline's scaling, shown, not judged: the verdicts are the parts'
    // comparisons (Rust's against Python's), so they stand in the rule, not beside a figure.
    figures: [...q.figures.map((f) => ({ ...f, label: `query: ${f.label}` })), ...t.figures],
    verdict: combineVerdicts([q.verdict, t.verdict]),
    rule: `Query workload (${q.verdict}): ${q.rule} Threads workload (${t.verdict}): ${t.rule} ${COMBINE_RULE}`,
    note: [q.note, t.note].filter(Boolean).join(' '),
  };
}
