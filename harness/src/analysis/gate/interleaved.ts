/**
 * Same-machine mode: baseline copies and candidate pipelines run interleaved in ONE bench run
 * (base A, cand A, base B, cand B, ...), so the runner's speed drift hits both alike. The
 * baseline copy of pipeline `rust` is `rust-baseline`; this module orders those copies and
 * splits the finished run back into a baseline view and a candidate view for the gate.
 */
import { InputError } from '../../errors.js';
import type { GateReport } from '../../gate-types.js';
import type { PipelineSpec, RunSummary } from '../../types.js';
import { evaluateGate, type GateOptions } from './evaluate.js';

export const BASELINE_SUFFIX = '-baseline';

export const isBaselineCopy = (id: string) => id.endsWith(BASELINE_SUFFIX);

/** The interleaved run's pipelines: each baseline copy marked as the baseline side of its candidate (the plan runs each pair back to back, ABBA). */
export function interleavePairs(candidates: PipelineSpec[], baselines: PipelineSpec[]): PipelineSpec[] {
  const out: PipelineSpec[] = [];
  for (const c of candidates) {
    const b = baselines.find((x) => x.id === c.id + BASELINE_SUFFIX);
    if (b) out.push({ ...b, reference: false, baselineCopyOf: c.id });
    out.push({ ...c });
  }
  // keep exactly one reference pipeline for the run's own ratios: the configured one
  const ref = candidates.find((c) => c.reference)?.id ?? candidates[0]?.id;
  return out.map((p) => ({ ...p, reference: p.id === ref }));
}

/** Splits a run holding `<id>-baseline` copies into the baseline view and the candidate view, matched by id. */
export function splitInterleaved(run: RunSummary): { baseline: RunSummary; candidate: RunSummary } {
  const strip = (id: string) => id.slice(0, -BASELINE_SUFFIX.length);
  const basePipes = run.pipelines.filter((p) => isBaselineCopy(p.id));
  if (basePipes.length === 0) {
    throw new InputError(`run ${run.runId} has no baseline copies (pipeline ids ending in "${BASELINE_SUFFIX}"); it was not run in same-machine mode`);
  }
  const view = (wantBase: boolean, suffix: string): RunSummary => {
    const keep = (id: string) => isBaselineCopy(id) === wantBase;
    const rename = (id: string) => (wantBase ? strip(id) : id);
    return {
      ...run,
      runId: `${run.runId}${suffix}`,
      pipelines: run.pipelines.filter((p) => keep(p.id)).map((p) => ({ ...p, id: rename(p.id) })),
      iterations: run.iterations.filter((it) => keep(it.pipelineId)).map((it) => ({ ...it, pipelineId: rename(it.pipelineId) })),
      summaries: run.summaries.filter((s) => keep(s.pipelineId)).map((s) => ({ ...s, pipelineId: rename(s.pipelineId) })),
      ratios: [],
    };
  };
  return { baseline: view(true, ' (baseline side)'), candidate: view(false, ' (candidate side)') };
}

/** The gate within one interleaved run: the `<id>-baseline` copies against the others. */
export function evaluateInterleaved(run: RunSummary, options: GateOptions = {}): GateReport {
  const { baseline, candidate } = splitInterleaved(run);
  const report = evaluateGate(baseline, candidate, { ...options, mode: 'same-machine' });
  return { ...report, baselineRunId: `${run.runId} (${BASELINE_SUFFIX} pipelines)`, candidateRunId: run.runId };
}
