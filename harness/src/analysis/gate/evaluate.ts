/**
 * The gate: a candidate run against a baseline run. One verdict per pipeline and metric, the
 * problems that forbid a pass, and the exit code (0 pass, 1 regression or failure, 2
 * incomparable or unjudgeable inputs).
 */
import { DEFAULT_CHECK_CONFIG, thresholdFor, type CheckConfig } from '../../config/check.js';
import { IncomparableError } from '../../errors.js';
import type { GateProblem, GateReport, MetricVerdict } from '../../gate-types.js';
import { metricInfo, metricOrder } from '../../metrics.js';
import { SCHEMA_VERSION, type MetricId, type PipelineSummary, type RunSummary } from '../../types.js';
import { alphaFor, FAMILY_ALPHA } from '../significance.js';
import { summarize } from '../summarize.js';
import { environmentDifferences, runWorkloadDifferences, storeDifferences } from './comparable.js';
import { describePower, gatePower, underpowered } from './power.js';
import { judgeMetric } from './verdict.js';

/** The metrics the gate judges: the primary ones (end to end, peak memory, embed throughput). */
export function gatedMetrics(summary: PipelineSummary): MetricId[] {
  return metricOrder(Object.keys(summary.metrics)).filter((m) => metricInfo(m).primary);
}

/** The stages, shown beside the verdict as diagnostics: where a change came from; never gated. */
export function diagnosticMetrics(summary: PipelineSummary): MetricId[] {
  return metricOrder(Object.keys(summary.metrics)).filter((m) => m.startsWith('stage:'));
}

export interface GateOptions {
  config?: CheckConfig;
  allowDifferentEnv?: boolean;
  mode?: GateReport['mode'];
  /** A run that cannot detect `check.mustDetect` on a gated metric gives no verdict (exit 2) instead of a note. */
  requirePower?: boolean;
}

function summaries(run: RunSummary): PipelineSummary[] {
  return run.summaries.length > 0 || run.iterations.length === 0 ? run.summaries : summarize(run).summaries;
}

/** Throws IncomparableError when the workloads differ, or the machines do and that is not allowed. */
export function assertComparable(baseline: RunSummary, candidate: RunSummary, allowDifferentEnv = false): string[] {
  const reasons = [
    ...runWorkloadDifferences(baseline, candidate).map((d) => `different workload: ${d}`),
    ...storeDifferences(baseline.store, candidate.store).map((d) => `different store: ${d}`),
  ];
  const env = environmentDifferences(baseline.environment, candidate.environment);
  if (!allowDifferentEnv) reasons.push(...env.map((d) => `different machine: ${d} (--allow-different-env to compare anyway)`));
  if (reasons.length) throw new IncomparableError(reasons);
  return env.map((d) => `compared across machines (--allow-different-env): ${d}`);
}

function verdictOf(b: PipelineSummary, c: PipelineSummary, metric: MetricId, config: CheckConfig, family: number, gated: boolean): MetricVerdict {
  const info = metricInfo(metric);
  const bs = b.metrics[metric]?.samples ?? [];
  const cs = c.metrics[metric]?.samples ?? [];
  const threshold = thresholdFor(config, c.pipelineId, metric);
  const alpha = alphaFor(metric, family);
  const options = { threshold, minDelta: config.minDelta[info.kind], minSamples: config.minSamples, alpha };
  const judged = judgeMetric(metric, bs, cs, options);
  const judgeable = judged.verdict !== 'insufficient';
  const answer = gated && judgeable ? gatePower(metric, [bs, cs], Math.min(bs.length, cs.length), config.mustDetect, options) : undefined;
  const power = answer && { ...answer, note: describePower(answer) };
  return {
    pipelineId: c.pipelineId,
    pipelineName: c.pipelineName,
    metric,
    label: info.label,
    better: info.better,
    unit: info.unit,
    baseline: { n: bs.length, median: b.metrics[metric]?.median ?? Number.NaN },
    candidate: { n: cs.length, median: c.metrics[metric]?.median ?? Number.NaN },
    ratio: judged.ratio,
    pValue: judged.pValue,
    alpha,
    threshold,
    verdict: judged.verdict,
    note: judged.note,
    ...(power ? { power } : {}),
  };
}

/** Gated metrics that could not have shown `check.mustDetect`: a note each, or one problem with --require-power. */
function powerFindings(verdicts: MetricVerdict[], requirePower: boolean): { notes: string[]; problems: GateProblem[] } {
  const blind = verdicts.filter((v) => underpowered(v.power));
  const notes = blind.map((v) => `underpowered: ${v.pipelineName} ${v.label} ${v.power!.note}; run with --iterations ${v.power!.runsForTarget ?? 'more'}`);
  if (!requirePower || blind.length === 0) return { notes, problems: [] };
  return {
    notes,
    problems: [
      { kind: 'underpowered', message: `${blind.length} gated metric(s) cannot show the change the gate must catch (--require-power): see the notes` },
    ],
  };
}

/** What forbids a pass for one candidate pipeline, apart from its verdicts. */
function candidateProblems(c: PipelineSummary): GateProblem[] {
  const problems: GateProblem[] = [];
  if (c.failed > 0)
    problems.push({ kind: 'failed-iterations', pipelineId: c.pipelineId, message: `${c.pipelineName}: ${c.failed} failed iteration(s) in the candidate run` });
  if (!c.verified && c.measured > 0) {
    problems.push({
      kind: 'unverified',
      pipelineId: c.pipelineId,
      message: `${c.pipelineName}: failed verification: ${c.verificationProblems.map((p) => p.message).join('; ')}`,
    });
  }
  return problems;
}

/** Metrics without enough samples: a candidate with no successful run fails; too few runs on a side give no verdict. */
function sampleProblems(verdicts: MetricVerdict[], config: CheckConfig): GateProblem[] {
  const insufficient = verdicts.filter((v) => v.verdict === 'insufficient');
  const noRun = insufficient.filter((v) => v.candidate.n === 0 && v.baseline.n > 0);
  const problems: GateProblem[] = noRun.map((v) => ({
    kind: 'no-successful-run',
    pipelineId: v.pipelineId,
    message: `${v.pipelineName}: no successful measured iteration for ${v.label}`,
  }));
  const unjudgeable = insufficient.length - noRun.length;
  if (unjudgeable > 0) {
    problems.push({
      kind: 'too-few-samples',
      message: `too few samples for a verdict on ${unjudgeable} metric(s) (need ${config.minSamples} measured iterations on each side; run with more --iterations)`,
    });
  }
  return problems;
}

function outcome(
  verdicts: MetricVerdict[],
  problems: GateProblem[],
  paired: number,
): Pick<GateReport, 'regressions' | 'improvements' | 'exitCode' | 'headline'> {
  const regressions = verdicts.filter((v) => v.verdict === 'regression').length;
  const improvements = verdicts.filter((v) => v.verdict === 'improvement').length;
  const failing = regressions > 0 || problems.some((p) => p.kind !== 'too-few-samples' && p.kind !== 'underpowered');
  const exitCode = failing ? 1 : problems.length > 0 ? 2 : 0;
  const better = improvements ? `; ${improvements} improvement(s)` : '';
  const blind = verdicts.filter((v) => underpowered(v.power)).length;
  const caveat = blind
    ? `; underpowered on ${blind} metric(s): could not have seen a ${Math.round(verdicts.find((v) => v.power)!.power!.target * 100)}% change (see notes)`
    : '';
  const headline =
    exitCode === 0
      ? `PASS: no regression in ${verdicts.length} metric(s) of ${paired} pipeline(s)${better}${caveat}`
      : exitCode === 1
        ? `FAIL: ${regressions} regression(s)${problems.length ? ` and ${problems.length} problem(s)` : ''}${better}`
        : `NO VERDICT: ${problems.some((p) => p.kind === 'too-few-samples') ? 'too few samples' : 'underpowered'}; the gate does not pass silently`;
  return { regressions, improvements, exitCode, headline };
}

/** The gate's verdict on a candidate run against a baseline run. Throws IncomparableError when they cannot be compared. */
export function evaluateGate(baseline: RunSummary, candidate: RunSummary, options: GateOptions = {}): GateReport {
  const config = options.config ?? DEFAULT_CHECK_CONFIG;
  const notes = assertComparable(baseline, candidate, options.allowDifferentEnv);
  const base = new Map(summaries(baseline).map((s) => [s.pipelineId, s]));
  const cand = summaries(candidate);
  const problems: GateProblem[] = [];
  const verdicts: MetricVerdict[] = [];
  const diagnostics: MetricVerdict[] = [];
  const pairs = cand.flatMap((c) => (base.has(c.pipelineId) ? [{ b: base.get(c.pipelineId)!, c }] : []));
  // Bonferroni over pipelines x primary metrics (analysis/significance.ts)
  const family = pairs.reduce((n, { b }) => n + gatedMetrics(b).length, 0);
  for (const c of cand.filter((x) => !base.has(x.pipelineId))) notes.push(`${c.pipelineName} (${c.pipelineId}) has no baseline; not judged`);
  for (const { b, c } of pairs) {
    problems.push(...candidateProblems(c));
    verdicts.push(...gatedMetrics(b).map((metric) => verdictOf(b, c, metric, config, family, true)));
    diagnostics.push(...diagnosticMetrics(b).map((metric) => verdictOf(b, c, metric, config, family, false)));
  }
  for (const b of base.values()) {
    if (!cand.some((c) => c.pipelineId === b.pipelineId))
      notes.push(`${b.pipelineName} (${b.pipelineId}) is in the baseline but not in the candidate run; not judged`);
  }
  const paired = pairs.length;
  if (paired === 0) {
    throw new IncomparableError([
      `no pipeline in common: baseline has ${[...base.keys()].join(', ') || 'none'}, candidate has ${cand.map((c) => c.pipelineId).join(', ') || 'none'}`,
    ]);
  }
  problems.push(...sampleProblems(verdicts, config));
  const power = powerFindings(verdicts, options.requirePower ?? false);
  problems.push(...power.problems);
  notes.push(...power.notes);
  return {
    schemaVersion: SCHEMA_VERSION,
    baselineRunId: baseline.runId,
    candidateRunId: candidate.runId,
    mode: options.mode ?? 'baseline-file',
    verdicts,
    diagnostics,
    family: { comparisons: family, correction: 'bonferroni', alpha: FAMILY_ALPHA },
    problems,
    notes,
    ...outcome(verdicts, problems, paired),
  };
}
