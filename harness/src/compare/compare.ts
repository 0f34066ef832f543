/**
 * A candidate run against a baseline run: one verdict per pipeline and metric, the problems
 * that forbid a pass, and the exit code of the gate (0 pass, 1 regression or failure, 2
 * incomparable or unjudgeable inputs).
 */
import { metricInfo, metricOrder } from '../metrics.js';
import { summarize } from '../summarize.js';
import type { Estimate, MetricId, PipelineSummary, RunSummary } from '../types.js';
import { environmentDifferences, workloadDifferences } from './comparable.js';
import { DEFAULT_CHECK_CONFIG, thresholdFor, type CheckConfig } from './thresholds.js';
import { judgeMetric, type Verdict } from './verdict.js';

/** The metrics the gate judges: end to end, each stage, embed throughput, peak RSS. */
export function gatedMetrics(summary: PipelineSummary): MetricId[] {
  return metricOrder(Object.keys(summary.metrics)).filter((m) => m === 'wall' || m.startsWith('stage:') || m === 'throughput:embed' || m === 'peak_rss');
}

export interface MetricVerdict {
  pipelineId: string;
  pipelineName: string;
  metric: MetricId;
  label: string;
  better: 'lower' | 'higher';
  unit: string;
  baseline: { n: number; median: number };
  candidate: { n: number; median: number };
  /** new / baseline of the medians, 95% bootstrap CI. */
  ratio: Estimate;
  /** Two-sided p-value of the Mann-Whitney rank test. */
  pValue: number;
  threshold: number;
  verdict: Verdict;
  note: string;
}

export interface CheckReport {
  schemaVersion: 1;
  baselineRunId: string;
  candidateRunId: string;
  /** `baseline-file`: two separate runs; `same-machine`: both sides interleaved in one run. */
  mode: 'baseline-file' | 'same-machine';
  verdicts: MetricVerdict[];
  regressions: number;
  improvements: number;
  /** Why the gate cannot pass apart from regressions (failed iterations, missing pipelines, too few samples). */
  problems: string[];
  /** Things worth knowing that do not change the outcome. */
  notes: string[];
  exitCode: 0 | 1 | 2;
  headline: string;
}

/** Inputs that cannot be compared: exit 2 with every reason. */
export class IncomparableError extends Error {
  constructor(readonly reasons: string[]) {
    super(`the runs cannot be compared:\n  - ${reasons.join('\n  - ')}`);
  }
}

export interface CompareOptions {
  config?: CheckConfig;
  allowDifferentEnv?: boolean;
  mode?: CheckReport['mode'];
  seed?: number;
  resamples?: number;
}

function summaries(run: RunSummary): PipelineSummary[] {
  return run.summaries.length > 0 || run.iterations.length === 0 ? run.summaries : summarize(run).summaries;
}

/** Throws IncomparableError when the workloads differ, or the machines do and that is not allowed. */
export function assertComparable(baseline: RunSummary, candidate: RunSummary, allowDifferentEnv = false): string[] {
  const reasons = workloadDifferences(baseline.settings, candidate.settings).map((d) => `different workload: ${d}`);
  const env = environmentDifferences(baseline.environment, candidate.environment);
  if (!allowDifferentEnv) reasons.push(...env.map((d) => `different machine: ${d} (--allow-different-env to compare anyway)`));
  if (reasons.length) throw new IncomparableError(reasons);
  return env.map((d) => `compared across machines (--allow-different-env): ${d}`);
}

export function compareRuns(baseline: RunSummary, candidate: RunSummary, options: CompareOptions = {}): CheckReport {
  const config = options.config ?? DEFAULT_CHECK_CONFIG;
  const notes = assertComparable(baseline, candidate, options.allowDifferentEnv);
  const problems: string[] = [];
  const verdicts: MetricVerdict[] = [];
  const base = new Map(summaries(baseline).map((s) => [s.pipelineId, s]));
  const cand = summaries(candidate);
  let paired = 0;

  for (const c of cand) {
    const b = base.get(c.pipelineId);
    if (!b) {
      notes.push(`${c.pipelineName} (${c.pipelineId}) has no baseline; not judged`);
      continue;
    }
    paired++;
    if (c.failed > 0) problems.push(`${c.pipelineName}: ${c.failed} failed iteration(s) in the candidate run`);
    if (!c.verified && c.measured > 0) problems.push(`${c.pipelineName}: failed verification: ${c.verificationNotes.join('; ')}`);
    for (const metric of gatedMetrics(b)) {
      const info = metricInfo(metric);
      const bs = b.metrics[metric]?.samples ?? [];
      const cs = c.metrics[metric]?.samples ?? [];
      const threshold = thresholdFor(config, c.pipelineId, metric);
      const minDelta = config.minDelta[info.kind];
      const j = judgeMetric(metric, bs, cs, { threshold, minDelta, minSamples: config.minSamples, seed: options.seed, resamples: options.resamples });
      verdicts.push({
        pipelineId: c.pipelineId,
        pipelineName: c.pipelineName,
        metric,
        label: info.label,
        better: info.better,
        unit: info.unit,
        baseline: { n: bs.length, median: b.metrics[metric]?.median ?? Number.NaN },
        candidate: { n: cs.length, median: c.metrics[metric]?.median ?? Number.NaN },
        ratio: j.ratio,
        pValue: j.pValue,
        threshold,
        verdict: j.verdict,
        note: j.note,
      });
    }
  }
  for (const b of base.values()) {
    if (!cand.some((c) => c.pipelineId === b.pipelineId)) notes.push(`${b.pipelineName} (${b.pipelineId}) is in the baseline but not in the candidate run; not judged`);
  }
  if (paired === 0) {
    throw new IncomparableError([`no pipeline in common: baseline has ${[...base.keys()].join(', ') || 'none'}, candidate has ${cand.map((c) => c.pipelineId).join(', ') || 'none'}`]);
  }

  const regressions = verdicts.filter((v) => v.verdict === 'regression').length;
  const improvements = verdicts.filter((v) => v.verdict === 'improvement').length;
  const insufficient = verdicts.filter((v) => v.verdict === 'insufficient');
  for (const v of insufficient) {
    // no successful candidate run at all is a failure of the candidate, not a lack of data
    if (v.candidate.n === 0 && v.baseline.n > 0) problems.push(`${v.pipelineName}: no successful measured iteration for ${v.label}`);
  }
  const unjudgeable = insufficient.filter((v) => !(v.candidate.n === 0 && v.baseline.n > 0));
  if (unjudgeable.length) problems.push(`too few samples for a verdict on ${unjudgeable.length} metric(s) (need ${config.minSamples} measured iterations on each side; run with more --iterations)`);

  const exitCode: CheckReport['exitCode'] =
    regressions > 0 || problems.some((p) => !p.startsWith('too few samples')) ? 1 : unjudgeable.length > 0 ? 2 : 0;
  const headline =
    exitCode === 0
      ? `PASS: no regression in ${verdicts.length} metric(s) of ${paired} pipeline(s)${improvements ? `; ${improvements} improvement(s)` : ''}`
      : exitCode === 1
        ? `FAIL: ${regressions} regression(s)${problems.length ? ` and ${problems.length} problem(s)` : ''}${improvements ? `; ${improvements} improvement(s)` : ''}`
        : 'NO VERDICT: too few samples; the gate does not pass silently';
  return {
    schemaVersion: 1,
    baselineRunId: baseline.runId,
    candidateRunId: candidate.runId,
    mode: options.mode ?? 'baseline-file',
    verdicts,
    regressions,
    improvements,
    problems,
    notes,
    exitCode,
    headline,
  };
}
