/**
 * A run's iterations -> per-pipeline statistics (`summaries`) and every candidate-vs-baseline
 * ratio with its 95% bootstrap CI (`ratios`). Pure: the same run gives the same summary.
 */
import { iterationMetrics, metricInfo, metricOrder } from './metrics.js';
import { describeSample, median, ratioCI, type BootstrapOptions } from './stats/index.js';
import { STAGES, type IterationResult, type MetricId, type PipelineSpec, type PipelineSummary, type RatioResult, type RunSummary, type Stage } from './types.js';

/** Cosine floor of the equivalence proof (pipelines/README.md). */
const MIN_COSINE = 0.999;

export function baselinePipeline(pipelines: readonly PipelineSpec[]): PipelineSpec | undefined {
  return pipelines.find((p) => p.baseline) ?? pipelines[0];
}

/** Samples per metric of a pipeline's measured, successful iterations (cold and warmup left out). */
export function metricSamples(iterations: readonly IterationResult[], pipelineId: string): Map<MetricId, number[]> {
  const samples = new Map<MetricId, number[]>();
  for (const it of iterations) {
    if (it.pipelineId !== pipelineId || it.kind !== 'measured' || it.status !== 'ok') continue;
    for (const [metric, value] of iterationMetrics(it)) {
      if (!Number.isFinite(value)) continue;
      let list = samples.get(metric);
      if (!list) samples.set(metric, (list = []));
      list.push(value);
    }
  }
  return samples;
}

/** Where a pipeline's wall time went: the median exposed time of each stage, and "other" (gaps, teardown). */
export interface TimeBreakdown {
  /** Median over the measured, successful runs; stages absent from those runs are left out. */
  exposedMs: Partial<Record<Stage, number>>;
  /** Median wall time minus the stages' exposed medians (never below 0), so the parts add up to the median wall time. */
  otherMs: number;
  wallMs: number;
}

export function timeBreakdown(iterations: readonly IterationResult[], pipelineId: string): TimeBreakdown | null {
  const runs = iterations.filter((it) => it.pipelineId === pipelineId && it.kind === 'measured' && it.status === 'ok');
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

function verificationNotes(run: RunSummary, pipeline: PipelineSpec, mine: IterationResult[]): string[] {
  const notes: string[] = [];
  for (const it of mine) {
    if (it.status === 'ok' && it.counts && it.storedPoints !== null && it.storedPoints !== it.counts.points) {
      notes.push(`iteration ${it.index}: the collection held ${it.storedPoints} points, the pipeline reported ${it.counts.points}`);
    }
    if (it.status === 'failed' && it.failure && /verif/i.test(it.failure)) notes.push(`iteration ${it.index}: ${it.failure}`);
  }
  const proof = run.equivalence;
  const reference = baselinePipeline(run.pipelines);
  if (proof && reference && reference.id !== pipeline.id) {
    const mineHash = proof.chunkHashes[pipeline.id];
    const refHash = proof.chunkHashes[reference.id];
    if (mineHash && refHash && mineHash !== refHash) notes.push(`its chunks differ from ${reference.name}'s (chunk hash ${mineHash.slice(0, 12)} vs ${refHash.slice(0, 12)})`);
    for (const [pair, cosine] of Object.entries(proof.minCosine)) {
      const ids = pair.split('|');
      if (ids.includes(pipeline.id) && ids.includes(reference.id) && cosine < MIN_COSINE) {
        notes.push(`its vectors differ from ${reference.name}'s: lowest cosine ${cosine.toFixed(4)} < ${MIN_COSINE}`);
      }
    }
  }
  return notes;
}

function summarizePipeline(run: RunSummary, pipeline: PipelineSpec, options: BootstrapOptions): PipelineSummary {
  const mine = run.iterations.filter((it) => it.pipelineId === pipeline.id);
  const measured = mine.filter((it) => it.kind === 'measured');
  const metrics: PipelineSummary['metrics'] = {};
  const samples = metricSamples(run.iterations, pipeline.id);
  for (const metric of metricOrder(samples.keys())) metrics[metric] = describeSample(samples.get(metric)!, options);
  const notes = verificationNotes(run, pipeline, mine);
  const ok = measured.filter((it) => it.status === 'ok');
  return {
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    measured: ok.length,
    failed: mine.filter((it) => it.status === 'failed').length,
    verified: ok.length > 0 && notes.length === 0,
    verificationNotes: ok.length === 0 ? ['no successful measured iteration', ...notes] : notes,
    cold: mine.find((it) => it.kind === 'cold') ?? null,
    metrics,
    pipelineInfo: mine.find((it) => it.pipelineInfo)?.pipelineInfo ?? null,
  };
}

/**
 * Ratios of one candidate against the baseline, oriented so that > 1 is better for the
 * candidate: baseline/candidate for time and memory, candidate/baseline for throughput.
 */
export function ratiosAgainst(baseline: PipelineSummary, candidate: PipelineSummary, options: BootstrapOptions = {}): RatioResult[] {
  const ratios: RatioResult[] = [];
  for (const metric of metricOrder(Object.keys(candidate.metrics))) {
    const b = baseline.metrics[metric];
    const c = candidate.metrics[metric];
    if (!b || !c || b.n === 0 || c.n === 0) continue;
    const speedup = metricInfo(metric).better === 'higher' ? ratioCI(c.samples, b.samples, options) : ratioCI(b.samples, c.samples, options);
    ratios.push({ metric, baselineId: baseline.pipelineId, candidateId: candidate.pipelineId, speedup });
  }
  return ratios;
}

export function summarize(run: RunSummary, options: BootstrapOptions = {}): RunSummary {
  const summaries = run.pipelines.map((p) => summarizePipeline(run, p, options));
  const reference = baselinePipeline(run.pipelines);
  const base = summaries.find((s) => s.pipelineId === reference?.id);
  const ratios = base ? summaries.filter((s) => s !== base).flatMap((s) => ratiosAgainst(base, s, options)) : [];
  return { ...run, summaries, ratios };
}
