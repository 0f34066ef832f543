/**
 * The roofline of the embed stage (issue 16): the model's FLOPs for each run's chunks, from its
 * config and the chunks' real token counts, over the embed stage's busy time, as a fraction of
 * this machine's fp32 GEMM peak (run/claims-gemm.ts). A multiply-add is 2 FLOPs; per layer and
 * token a BERT encoder does 8h^2 (Q, K, V, output projections) + 4hf (the feed-forward pair)
 * + 4hs (scores and their product with V, s the sequence's length). Embeddings, layer norms,
 * softmax, GELU and pooling are left out (under 2% here): this is the GEMM work only.
 */
import type { GemmCalibration, RooflineAnalysis, RooflinePipeline } from '../claims-types.js';
import { median } from '../stats/index.js';
import type { IterationResult, RunSummary } from '../types.js';
import { measuredOk } from './samples.js';

export interface EncoderShape {
  layers: number;
  hidden: number;
  intermediate: number;
}

export const ROOFLINE_METHOD =
  "FLOPs = chunks x layers x (s(8h^2 + 4hf) + 4hs^2) at each run's mean real tokens per chunk s (no padding; the GEMMs only, a multiply-add is 2 FLOPs), " +
  "over the embed stage's busy time as each pipeline reports it (tokenization included where a pipeline tokenizes inside that stage): a lower bound of the work done, so a pipeline that pads its batches does more than it is credited with.";

/** The encoder's shape from a Hugging Face config.json; throws naming the missing key. */
export function encoderShape(config: Record<string, unknown>): EncoderShape {
  const pick = (key: string): number => {
    const v = config[key];
    if (typeof v !== 'number' || !(v > 0)) throw new Error(`the model's config.json has no positive "${key}"`);
    return v;
  };
  return { layers: pick('num_hidden_layers'), hidden: pick('hidden_size'), intermediate: pick('intermediate_size') };
}

/** FLOPs of one forward pass over one sequence of `s` tokens. */
export function sequenceFlops(m: EncoderShape, s: number): number {
  const { hidden: h, intermediate: f } = m;
  return m.layers * (s * (8 * h * h + 4 * h * f) + 4 * h * s * s);
}

function perRun(m: EncoderShape, it: IterationResult): { flops: number; gflops: number; tokensPerChunk: number } | null {
  const embed = it.stages.find((s) => s.stage === 'embed');
  const chunks = it.counts?.chunks ?? 0;
  const tokens = it.counts?.tokens ?? 0;
  if (!embed || embed.busyMs <= 0 || chunks <= 0 || tokens <= 0) return null;
  const flops = chunks * sequenceFlops(m, tokens / chunks);
  return { flops, gflops: flops / (embed.busyMs / 1000) / 1e9, tokensPerChunk: tokens / chunks };
}

/** Each full-mode pipeline of `run` with tokens counted; null when none has any. */
export function rooflineAnalysis(run: RunSummary, model: EncoderShape & { name: string }, gemm: GemmCalibration, source: string): RooflineAnalysis | null {
  const pipelines = run.pipelines
    .filter((p) => p.mode !== 'stub')
    .flatMap((p): RooflinePipeline[] => {
      const runs = measuredOk(run.iterations, p.id).flatMap((it) => perRun(model, it) ?? []);
      if (runs.length === 0) return [];
      const achieved = median(runs.map((r) => r.gflops));
      return [
        {
          pipelineId: p.id,
          runs: runs.length,
          tokensPerChunk: median(runs.map((r) => r.tokensPerChunk)),
          gflopPerRun: median(runs.map((r) => r.flops)) / 1e9,
          achievedGflops: achieved,
          fractionOfPeak: achieved / gemm.gflops,
        },
      ];
    });
  return pipelines.length ? { gemm, model, source, method: ROOFLINE_METHOD, pipelines } : null;
}
