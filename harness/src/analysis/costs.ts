/**
 * Where the time goes as the corpus grows: each pipeline's end to end split into a fixed cost
 * (start-up + model load, paid once per process) and a per-chunk cost (the rest divided by the
 * chunks), medians over the measured runs that succeeded. With wall(N) = fixed + N x perChunk,
 * two pipelines swap places at N = (fixedA - fixedB) / (perChunkB - perChunkA) chunks; the
 * run's bytes per chunk turns that into a corpus size. A linear model: read, chunk, embed and
 * upsert grow with the chunks; start-up and model load do not.
 */
import { median } from '../stats/index.js';
import type { CostModel, IterationResult, PipelineCost, RunSummary } from '../types.js';
import { measuredOk } from './samples.js';

/** Above this share of end to end, a run measures mostly start-up; its headline says so. */
export const FIXED_DOMINATES = 0.5;

const stageMs = (it: IterationResult, stage: string) => it.stages.find((s) => s.stage === stage)?.busyMs ?? 0;

function pipelineCost(run: RunSummary, pipelineId: string): PipelineCost | null {
  const runs = measuredOk(run.iterations, pipelineId).filter((it) => (it.counts?.chunks ?? 0) > 0);
  if (runs.length === 0) return null;
  const fixed = runs.map((it) => stageMs(it, 'startup') + stageMs(it, 'model_load'));
  const perChunk = runs.map((it, i) => (it.wallMs - fixed[i]) / it.counts!.chunks);
  const fixedMs = median(fixed);
  const wallMs = median(runs.map((it) => it.wallMs));
  const fixedShare = fixedMs / wallMs;
  return {
    pipelineId,
    fixedMs,
    perChunkMs: median(perChunk),
    chunks: median(runs.map((it) => it.counts!.chunks)),
    fixedShare,
    fixedDominates: fixedShare > FIXED_DOMINATES,
  };
}

export function costModel(run: RunSummary): CostModel | null {
  const pipelines = run.pipelines.map((p) => pipelineCost(run, p.id)).filter((c): c is PipelineCost => c !== null);
  if (pipelines.length === 0) return null;
  const chunks = pipelines[0].chunks;
  const bytesPerChunk = chunks > 0 ? run.settings.corpus.bytes / chunks : Number.NaN;
  const crossovers: CostModel['crossovers'] = [];
  for (const [i, a] of pipelines.entries()) {
    for (const b of pipelines.slice(i + 1)) {
      const n = (a.fixedMs - b.fixedMs) / (b.perChunkMs - a.perChunkMs);
      // only a swap at a positive corpus size is one; the faster per chunk wins beyond it
      if (Number.isFinite(n) && n > 0) {
        const winner = a.perChunkMs < b.perChunkMs ? a.pipelineId : b.pipelineId;
        crossovers.push({ a: a.pipelineId, b: b.pipelineId, chunks: n, corpusBytes: n * bytesPerChunk, fasterBeyond: winner });
      }
    }
  }
  return { pipelines, bytesPerChunk, crossovers };
}
