/**
 * A run's iterations -> per-pipeline statistics (`summaries`) and every candidate-vs-reference
 * ratio with its interval (`ratios`). Pure: the same run gives the same summary.
 */
import { metricInfo, metricOrder } from '../metrics.js';
import { median, ratioTest } from '../stats/index.js';
import type { IterationResult, PipelineSpec, PipelineSummary, RatioResult, RunSummary } from '../types.js';
import { costModel } from './costs.js';
import { describeSample } from './describe.js';
import { languageEngineMatrix } from './matrix.js';
import { overheadAnalysis } from './overhead.js';
import { measuredOk, metricSamples } from './samples.js';
import { alphaFor } from './significance.js';
import { threadsAnalysis } from './threads.js';
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
    harnessCpuShare: medianOver(runs, (it) =>
      it.resources && it.harnessCpuMs !== undefined ? it.harnessCpuMs / (it.resources.cpuUserMs + it.resources.cpuSystemMs) : null,
    ),
  };
}

function summarizePipeline(run: RunSummary, pipeline: PipelineSpec): PipelineSummary {
  const reference = referencePipeline(run.pipelines);
  const mine = run.iterations.filter((it) => it.pipelineId === pipeline.id);
  const ok = measuredOk(run.iterations, pipeline.id);
  const metrics: PipelineSummary['metrics'] = {};
  const samples = metricSamples(run.iterations, pipeline.id);
  for (const metric of metricOrder(samples.keys())) metrics[metric] = describeSample(samples.get(metric)!);
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

/** The metrics both pipelines have, in display order. */
function sharedMetrics(reference: PipelineSummary, candidate: PipelineSummary) {
  return metricOrder(Object.keys(candidate.metrics)).filter((m) => (reference.metrics[m]?.n ?? 0) > 0 && candidate.metrics[m].n > 0);
}

/**
 * Every candidate against the reference pipeline, oriented so that > 1 is better for the
 * candidate (reference/candidate for time and memory, candidate/reference for throughput).
 * The primary metrics of all candidates form one family (analysis/significance.ts).
 */
export function ratiosAgainst(reference: PipelineSummary, candidates: PipelineSummary[]): RatioResult[] {
  const pairs = candidates.flatMap((c) => sharedMetrics(reference, c).map((metric) => ({ c, metric })));
  const family = pairs.filter(({ metric }) => metricInfo(metric).primary).length;
  return pairs.map(({ c, metric }) => {
    const info = metricInfo(metric);
    const [r, s] = [reference.metrics[metric].samples, c.metrics[metric].samples];
    const alpha = alphaFor(metric, family);
    const test = info.better === 'higher' ? ratioTest(s, r, alpha) : ratioTest(r, s, alpha);
    return {
      metric,
      referenceId: reference.pipelineId,
      candidateId: c.pipelineId,
      factor: test.ratio,
      pValue: test.pValue,
      alpha,
      role: info.primary ? 'primary' : 'diagnostic',
      significant: test.significant,
    };
  });
}

export function summarize(run: RunSummary): RunSummary {
  const summaries = run.pipelines.map((p) => summarizePipeline(run, p));
  const reference = referencePipeline(run.pipelines);
  const base = summaries.find((s) => s.pipelineId === reference?.id);
  // The stub-mode twins of --workload overhead are compared in their own section (analysis/overhead.ts), not as candidates.
  const twins = new Set(run.pipelines.filter((p) => p.stubTwinOf !== undefined).map((p) => p.id));
  const ratios = base
    ? ratiosAgainst(
        base,
        summaries.filter((s) => s !== base && !twins.has(s.pipelineId)),
      )
    : [];
  const costs = costModel({ ...run, pipelines: run.pipelines.filter((p) => !twins.has(p.id)) });
  const overhead = overheadAnalysis(run);
  const threads = threadsAnalysis(run);
  const summarized: RunSummary = {
    ...run,
    leftOut: run.leftOut ?? [],
    summaries,
    ratios,
    costs,
    ...(overhead ? { overhead } : {}),
    ...(threads ? { threads } : {}),
  };
  return { ...summarized, matrix: languageEngineMatrix(summarized) };
}
