/** A run's iterations -> the samples of every metric (what each measured iteration yields). */
import { stageMetric } from '../metrics.js';
import type { IterationResult, MetricId } from '../types.js';

/** The value of every metric one finished iteration yields (absent ones are left out). */
export function iterationMetrics(it: IterationResult): Map<MetricId, number> {
  const values = new Map<MetricId, number>();
  values.set('wall', it.wallMs);
  for (const s of it.stages) values.set(stageMetric(s.stage), s.busyMs);
  const embed = it.stages.find((s) => s.stage === 'embed');
  if (embed && embed.busyMs > 0 && it.counts) {
    if (it.counts.chunks > 0) values.set('throughput:embed', it.counts.chunks / (embed.busyMs / 1000));
    // stub mode has no tokens: no tokens/s rather than a misleading zero
    if (it.counts.tokens > 0) values.set('tokens_per_s:embed', it.counts.tokens / (embed.busyMs / 1000));
  }
  if (it.resources && it.resources.peakRssBytes > 0) values.set('peak_rss', it.resources.peakRssBytes);
  return values;
}

/** Samples per metric of a pipeline's measured, successful iterations (the first run and warmups left out). */
export function metricSamples(iterations: readonly IterationResult[], pipelineId: string): Map<MetricId, number[]> {
  const samples = new Map<MetricId, number[]>();
  for (const it of measuredOk(iterations, pipelineId)) {
    for (const [metric, value] of iterationMetrics(it)) {
      if (!Number.isFinite(value)) continue;
      let list = samples.get(metric);
      if (!list) samples.set(metric, (list = []));
      list.push(value);
    }
  }
  return samples;
}

/** A pipeline's measured iterations that succeeded: the runs every figure rests on. */
export function measuredOk(iterations: readonly IterationResult[], pipelineId: string): IterationResult[] {
  return iterations.filter((it) => it.pipelineId === pipelineId && it.kind === 'measured' && it.status === 'ok');
}
