/** What analysis/costs.ts derives from a run (re-exported by types.ts, the schema's entry). */

/** One pipeline's end to end as fixed cost + per-chunk cost (analysis/costs.ts). */
export interface PipelineCost {
  pipelineId: string;
  /** Median start-up + model load, ms. */
  fixedMs: number;
  /** Median (end to end - fixed) / chunks, ms. */
  perChunkMs: number;
  chunks: number;
  /** fixedMs / median end to end. */
  fixedShare: number;
  /** The fixed cost is most of end to end: the run measures mostly start-up (the headline says so). */
  fixedDominates: boolean;
}

export interface CostModel {
  pipelines: PipelineCost[];
  /** Corpus bytes per chunk in this run: turns a chunk count into a corpus size. */
  bytesPerChunk: number;
  /** Where two pipelines swap places as the corpus grows (linear model), and who is faster beyond. */
  crossovers: Array<{ a: string; b: string; chunks: number; corpusBytes: number; fasterBeyond: string }>;
}
