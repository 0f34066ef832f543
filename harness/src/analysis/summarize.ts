/**
 * A run's iterations -> per-pipeline statistics (`summaries`) and every candidate-vs-reference
 * ratio with its interval (`ratios`). Pure: the same run gives the same summary.
 */
import { metricInfo, metricOrder } from '../metrics.js';
import { excludes, median, ratioCI, type BootstrapOptions } from '../stats/index.js';
import type { IterationResult, PipelineSpec, PipelineSummary, RatioResult, RunSummary } from '../types.js';
import { describeSample } from './describe.js';
import { measuredOk, metricSamples } from './samples.js';
import { timeBreakdown } from './time-breakdown.js';
import { verificationOf } from './verification.js';

/** The reference pipeline of a run: the one marked `reference`, else the first. */
export function referencePipeline(pipelines: readonly PipelineSpec[]): PipelineSpec | undefined {
  return pipelines.find((p) => p.reference) ?? pipelines[0];
}

/** Median of some per-iteration number over the runs a pipeline's figures rest on; NaN (or null) when there is none. */
function medianOver(runs: IterationResult[], pick: (it: IterationResult) => number | null | undefined): number | null {
  const xs = runs.map(pick).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return xs.length ? median(xs) : null;
}

function resourceMedians(runs: IterationResult[]): PipelineSummary['resources'] {
  return {
    cpuMs: medianOver(runs, (it) => it.resources && it.resources.cpuUserMs + it.resources.cpuSystemMs) ?? Number.NaN,
    storePeakRssBytes: medianOver(runs, (it) => it.storeResources?.peakRssBytes),
    storeRssGrowthBytes: medianOver(runs, (it) => it.storeResources?.rssGrowthBytes),
    storeCpuMs: medianOver(runs, (it) => it.storeResources && it.storeResources.cpuUserMs + it.storeResources.cpuSystemMs),
    harnessCpuShare: medianOver(runs, (it) => (it.resources && it.harnessCpuMs !== undefined ? it.harnessCpuMs / (it.resources.cpuUserMs + it.resources.cpuSystemMs) : null)),
  };
}

function summarizePipeline(run: RunSummary, pipeline: PipelineSpec, options: BootstrapOptions): PipelineSummary {
  const reference = referencePipeline(run.pipelines);
  const mine = run.iterations.filter((it) => it.pipelineId === pipeline.id);
  const ok = measuredOk(run.iterations, pipeline.id);
  const metrics: PipelineSummary['metrics'] = {};
  const samples = metricSamples(run.iterations, pipeline.id);
  for (const metric of metricOrder(samples.keys())) metrics[metric] = describeSample(samples.get(metric)!, options);
  const verification = verificationOf(run, pipeline);
  return {
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    reference: pipeline.id === reference?.id,
    measured: ok.length,
    failed: mine.filter((it) => it.status === 'failed').length,
    verified: verification.verified,
    verificationProblems: verification.problems,
    first: mine.find((it) => it.kind === 'first') ?? null,
    metrics,
    resources: resourceMedians(ok),
    timeBreakdown: timeBreakdown(ok),
    pipelineInfo: mine.find((it) => it.pipelineInfo)?.pipelineInfo ?? null,
  };
}

/**
 * Ratios of one candidate against the reference pipeline, oriented so that > 1 is better for
 * the candidate: reference/candidate for time and memory, candidate/reference for throughput.
 */
export function ratiosAgainst(reference: PipelineSummary, candidate: PipelineSummary, options: BootstrapOptions = {}): RatioResult[] {
  const ratios: RatioResult[] = [];
  for (const metric of metricOrder(Object.keys(candidate.metrics))) {
    const r = reference.metrics[metric];
    const c = candidate.metrics[metric];
    if (!r || !c || r.n === 0 || c.n === 0) continue;
    const factor = metricInfo(metric).better === 'higher' ? ratioCI(c.samples, r.samples, options) : ratioCI(r.samples, c.samples, options);
    ratios.push({ metric, referenceId: reference.pipelineId, candidateId: candidate.pipelineId, factor, significant: excludes(factor, 1) });
  }
  return ratios;
}

export function summarize(run: RunSummary, options: BootstrapOptions = {}): RunSummary {
  const summaries = run.pipelines.map((p) => summarizePipeline(run, p, options));
  const reference = referencePipeline(run.pipelines);
  const base = summaries.find((s) => s.pipelineId === reference?.id);
  const ratios = base ? summaries.filter((s) => s !== base).flatMap((s) => ratiosAgainst(base, s, options)) : [];
  return { ...run, summaries, ratios };
}
