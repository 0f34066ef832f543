/** Where a pipeline's wall time went: the median exposed time of each stage, and "other". */
import { median } from '../stats/index.js';
import { STAGES, type IterationResult, type TimeBreakdown } from '../types.js';

/**
 * Over the measured, successful runs: each stage's median exposed time, and "other" = the median
 * wall time minus their sum (gaps between stages, process teardown; never below 0), so that the
 * parts add up to the median wall time.
 */
export function timeBreakdown(runs: readonly IterationResult[]): TimeBreakdown | null {
  if (runs.length === 0) return null;
  const exposedMs: TimeBreakdown['exposedMs'] = {};
  for (const stage of STAGES) {
    // Summaries written before exposed time existed have only busy time.
    const xs = runs.flatMap((it) => it.stages.filter((s) => s.stage === stage).map((s) => s.exposedMs ?? s.busyMs));
    if (xs.length) exposedMs[stage] = median(xs);
  }
  const wallMs = median(runs.map((it) => it.wallMs));
  const staged = Object.values(exposedMs).reduce((a, b) => a + b, 0);
  return { exposedMs, otherMs: Math.max(0, wallMs - staged), wallMs };
}
