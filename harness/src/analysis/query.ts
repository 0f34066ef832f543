/**
 * The query workload's figures (claim 4): per pipeline and concurrency level, latency p50 and p99
 * (pooled over the measured runs) and queries per second (the median over runs with its
 * distribution-free interval), the cold first query apart, the scaling from the lowest level to
 * the highest, whether every pipeline found the same neighbours, and claim 4's verdict.
 */
import { medianInterval, quantileSorted, sortedCopy } from '../stats/index.js';
import type { QueryAnalysis, QueryLevelFigures, QueryPipelineFigures, QueryProcess } from '../query-types.js';
import type { Estimate, PipelineSpec } from '../types.js';
import { checkAnswers } from './query-answers.js';
import { claim4Verdict, QUERY_RULE } from './query-claim-rule.js';
import { claimPairs } from './scale-claim.js';

export const QUERY_METHOD =
  'Each measured process loads the model once, answers the cold query (the first of a fresh process, reported apart), then every level in turn over one shared queue of the texts. ' +
  "Queries per second = a level's queries / its stage span, one figure per process; the table gives their median with the distribution-free order-statistic interval " +
  '(harness/src/stats/README.md): with 3 runs that is their range (75% coverage), with 5 the range at 93.8%, never more than the runs allow. ' +
  'p50 and p99 pool every latency of the level over the measured runs (linear interpolation between the sorted latencies: with fewer than 100 queries the p99 lies between the two slowest). ' +
  'Scaling = qps at the highest level / qps at the lowest, taken per process (both from the same process), then the median and interval as above.';

const asEstimate = (samples: number[]): Estimate | null => (samples.length ? medianInterval(samples) : null);
const qpsOf = (p: QueryProcess, c: number) => {
  const l = p.levels.find((x) => x.concurrency === c);
  return l ? l.queries / (l.busyMs / 1000) : null;
};

function levelFigures(c: number, runs: QueryProcess[]): QueryLevelFigures {
  const lats = sortedCopy(runs.flatMap((p) => p.levels.find((l) => l.concurrency === c)?.latenciesMs ?? []));
  const qps = runs.map((p) => qpsOf(p, c)).filter((q): q is number => q !== null);
  return {
    concurrency: c,
    runs: qps.length,
    latencies: lats.length,
    latencyP50Ms: lats.length ? quantileSorted(lats, 0.5) : null,
    latencyP99Ms: lats.length ? quantileSorted(lats, 0.99) : null,
    qps: asEstimate(qps),
  };
}

function pipelineFigures(p: PipelineSpec, processes: QueryProcess[], concurrency: number[], disagreeing: string[]): QueryPipelineFigures {
  const own = processes.filter((r) => r.pipelineId === p.id);
  const measured = own.filter((r) => r.kind === 'measured' && r.status === 'ok');
  const [low, high] = [Math.min(...concurrency), Math.max(...concurrency)];
  const scaling = measured.flatMap((r) => {
    const [a, b] = [qpsOf(r, low), qpsOf(r, high)];
    return a && b ? [b / a] : [];
  });
  return {
    pipelineId: p.id,
    levels: concurrency.map((c) => levelFigures(c, measured)),
    coldMs: asEstimate(measured.flatMap((r) => (r.coldMs === null ? [] : [r.coldMs]))),
    scaling: low === high ? null : asEstimate(scaling),
    failedRuns: own.filter((r) => r.status === 'failed').length,
    answersAgree: !disagreeing.includes(p.id),
  };
}

/** The run's settings as the analysis reports them (query-types.ts defines them), and what it analyses. */
export interface QueryAnalysisInput extends Pick<QueryAnalysis, 'topK' | 'concurrency' | 'passes' | 'threads' | 'cores' | 'index'> {
  processes: QueryProcess[];
  /** The pipelines that speak the job, in the run's order. */
  pipelines: PipelineSpec[];
  notImplemented: PipelineSpec[];
  /** The query texts (the analysis reports their count). */
  texts: string[];
}

export function queryAnalysis(input: QueryAnalysisInput): QueryAnalysis {
  const { processes, concurrency } = input;
  const referenceId = input.pipelines.find((p) => p.reference)?.id ?? null;
  const agreement = checkAnswers(processes, input.texts, input.pipelines, referenceId);
  const pipelines = input.pipelines.map((p) => pipelineFigures(p, processes, concurrency, agreement.disagreeing));
  const pair = claimPairs(input.pipelines)[0] ?? null;
  const figures = (id: string | undefined) => pipelines.find((p) => p.pipelineId === id) ?? null;
  const verdict = claim4Verdict(figures(pair?.rustId), figures(pair?.pythonId));
  return {
    texts: input.texts.length,
    topK: input.topK,
    concurrency,
    passes: input.passes,
    threads: input.threads,
    cores: input.cores,
    index: input.index,
    pipelines,
    notImplemented: input.notImplemented.map((p) => ({ id: p.id, name: p.name })),
    agreement,
    verdict,
    basis: pair,
    rule: QUERY_RULE,
    method: QUERY_METHOD,
    processes,
  };
}
