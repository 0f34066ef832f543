/**
 * The `threads` workload's analysis (claim 4): each pipeline ran the index job at every thread
 * count as a twin (run/threads.ts) in the same shuffled rounds. Per pipeline and count t, the
 * speed-up S(t) = time(1) / time(t) of end to end and of the embed stage (the stage the thread
 * pools work in), by the stats layer's ratio (Hodges-Lehmann with the exact Mann-Whitney
 * interval, as every ratio of the report), and the efficiency S(t) / t with the same interval
 * divided by t. Pure: the same run gives the same figures.
 */
import { medianInterval, ratioInterval } from '../stats/index.js';
import type { QueryProcess } from '../query-types.js';
import type { ClaimVerdict, Estimate, IterationResult, PipelineSpec, RunSummary, ThreadsAnalysis, ThreadsLevel, ThreadsPipeline } from '../types.js';
import { measuredOk } from './samples.js';
import { FAMILY_ALPHA } from './significance.js';
import { verificationOf } from './verification.js';

export const THREADS_RULE =
  "Claim 4's threads evidence compares the Rust pipeline's efficiency with the Python pipeline's: the embed stage's speed-up from 1 thread to the highest count t " +
  '(its busy time at 1 / at t) divided by t, 1.0 = every added core fully used. ' +
  "It holds when Rust's median efficiency exceeds Python's and Rust's whole interval lies above Python's whole interval; it does not hold when Python's median " +
  'efficiency is equal or better; it is inconclusive otherwise (intervals overlapping), with fewer than 2 measured runs at any count of either, with one thread count only, ' +
  'when either failed verification, or when either reported (ready.threads) a thread count other than the one it was given. ' +
  'End to end is shown beside it: start-up, reading and the store do not scale with the compute threads, so its efficiency is lower by design.';

export const THREADS_METHOD =
  'Every pipeline ran once per thread count in each shuffled round (the counts as twins of the pipeline, so machine drift hits every count alike), with `threads` = t in its workload ' +
  'and OMP/MKL/RAYON_NUM_THREADS = t. Speed-up S(t) = time at 1 thread / time at t: the Hodges-Lehmann estimate of the ratio with the exact Mann-Whitney interval ' +
  '(harness/src/stats/README.md), at 1 - alpha with alpha = 0.05 / (pipelines x counts above 1), Bonferroni over the intervals the verdict can rest on; ' +
  'each interval states its exact coverage, and with too few runs for that level it is the range of all pairs with its own, lower, coverage. ' +
  'Efficiency = S(t) / t with the same interval divided by t. Times: medians with the order-statistic interval of the median.';

export const THREADS_SCOPE =
  'The index job at every thread count; the query job too, for the pipelines that speak it (the config\'s set "query"), each thread count answering the same queries ' +
  "at one concurrency level against one collection indexed once (its efficiency is shown, claim 4's verdict rests on the index job's embed stage); " +
  "the query workload measures latency and several concurrency levels at the run's one thread count.";

export const THREADS_QUERY_METHOD =
  'Query job: every pipeline that speaks it ran one process per thread count in each shuffled round (no warmup process: each reports its cold first query apart), ' +
  'with `threads` = t, answering passes x texts queries at the one concurrency level. ' +
  "One sample per measured process: its level's span (the query_c stage's busy time); its latencies are not samples (they share the process and its queue). " +
  'Queries/s = queries / span: the median over processes with the order-statistic interval of the median. ' +
  "Speed-up = qps at t / qps at 1 = span at 1 / span at t: the Hodges-Lehmann estimate of the ratio of the processes' spans with the exact Mann-Whitney interval, " +
  'at the same 1 - alpha as the index intervals (the interval covers the ratio of typical process spans, not of single queries); efficiency = speed-up / t, the interval divided by t.';

const walls = (runs: IterationResult[]) => runs.map((it) => it.wallMs).filter((x) => x > 0);
const embeds = (runs: IterationResult[]) => runs.flatMap((it) => it.stages.filter((s) => s.stage === 'embed' && s.busyMs > 0).map((s) => s.busyMs));
const asEstimate = (xs: number[]): Estimate | null => (xs.length ? medianInterval(xs) : null);
const divided = (e: Estimate | null, t: number): Estimate | null => (e ? { ...e, value: e.value / t, ciLow: e.ciLow / t, ciHigh: e.ciHigh / t } : null);

function speedup(base: number[], at: number[], t: number, alpha: number): Estimate | null {
  if (t === 1 || base.length === 0 || at.length === 0) return null;
  return ratioInterval(base, at, 1 - alpha);
}

const measuredQueries = (run: RunSummary, id: string) =>
  (run.threadsQuery?.processes ?? []).filter((p) => p.pipelineId === id && p.kind === 'measured' && p.status === 'ok');
/** One sample per process: its one level's span, ms. */
const spans = (ps: QueryProcess[]) => ps.flatMap((p) => p.levels.map((l) => l.busyMs).filter((x) => x > 0));

/** The query job at the twin's thread count, against the 1-thread twin's spans; null when the twin answered no query. */
export function queryLevelOf(run: RunSummary, twin: PipelineSpec, base: number[], alpha: number): ThreadsLevel['query'] {
  const all = (run.threadsQuery?.processes ?? []).filter((p) => p.pipelineId === twin.id);
  if (all.length === 0) return null;
  const t = twin.threadCount ?? run.settings.threads;
  const ok = measuredQueries(run, twin.id);
  const at = spans(ok);
  const qps = ok.flatMap((p) => p.levels.filter((l) => l.busyMs > 0).map((l) => l.queries / (l.busyMs / 1000)));
  const s = speedup(base, at, t, alpha);
  return { runs: at.length, qps: asEstimate(qps), speedup: s, efficiency: divided(s, t), failedRuns: all.filter((p) => p.status === 'failed').length };
}

function levelOf(run: RunSummary, twin: PipelineSpec, base: IterationResult[], alpha: number, queryBase: number[]): ThreadsLevel {
  const t = twin.threadCount ?? run.settings.threads;
  const ok = measuredOk(run.iterations, twin.id);
  const [wall, embed] = [walls(ok), embeds(ok)];
  const wallSpeedup = speedup(walls(base), wall, t, alpha);
  const embedSpeedup = speedup(embeds(base), embed, t, alpha);
  return {
    threads: t,
    twinId: twin.id,
    runs: ok.length,
    wallMs: asEstimate(wall),
    embedMs: asEstimate(embed),
    wallSpeedup,
    embedSpeedup,
    wallEfficiency: divided(wallSpeedup, t),
    embedEfficiency: divided(embedSpeedup, t),
    reported: run.iterations.find((it) => it.pipelineId === twin.id && it.pipelineInfo)?.pipelineInfo?.threads ?? null,
    query: queryLevelOf(run, twin, queryBase, alpha),
  };
}

/** The twins of each pipeline, in the run's order, counts ascending. */
function groups(pipelines: readonly PipelineSpec[]): Array<{ id: string; name: string; language: string | null; twins: PipelineSpec[] }> {
  const out: Array<{ id: string; name: string; language: string | null; twins: PipelineSpec[] }> = [];
  for (const p of pipelines) {
    if (!p.threadsOf) continue;
    let g = out.find((x) => x.id === p.threadsOf!.id);
    if (!g) {
      g = { id: p.threadsOf.id, name: p.threadsOf.name, language: p.language ?? null, twins: [] };
      out.push(g);
    }
    g.twins.push(p);
  }
  for (const g of out) g.twins.sort((a, b) => (a.threadCount ?? 0) - (b.threadCount ?? 0));
  return out;
}

/** Claim 4 from the threads figures of the Rust and the Python pipeline (null: not in the run), by THREADS_RULE. */
export function threadsVerdict(rust: ThreadsPipeline | null, python: ThreadsPipeline | null, verified: (id: string) => boolean): ClaimVerdict {
  if (!rust || !python || rust.levels.length < 2 || python.levels.length < 2) return 'inconclusive';
  const ok = (p: ThreadsPipeline) =>
    p.levels.every((l) => l.runs >= 2 && verified(l.twinId) && (l.reported === null || l.reported === l.threads)) && p.failedRuns === 0;
  if (!ok(rust) || !ok(python)) return 'inconclusive';
  const [r, p] = [rust.levels.at(-1)!.embedEfficiency, python.levels.at(-1)!.embedEfficiency];
  if (!r || !p || !Number.isFinite(r.value) || !Number.isFinite(p.value)) return 'inconclusive';
  if (p.value >= r.value) return 'does not hold';
  if (r.ciLow > p.ciHigh) return 'holds';
  return 'inconclusive';
}

/** The query part's settings as the report states them; null when the run had none. */
function querySettingsOf(run: RunSummary): ThreadsAnalysis['query'] {
  const q = run.threadsQuery;
  if (!q) return null;
  const { concurrency, passes, texts, skipped } = q;
  return { concurrency, passes, texts, points: q.index?.points ?? null, indexedBy: q.index?.pipelineId ?? null, skipped, method: THREADS_QUERY_METHOD };
}

/** The threads section of a run whose pipelines are thread-count twins; null for any other run. */
export function threadsAnalysis(run: RunSummary): ThreadsAnalysis | null {
  const gs = groups(run.pipelines);
  if (gs.length === 0) return null;
  const counts = [...new Set(gs.flatMap((g) => g.twins.map((t) => t.threadCount ?? 0)))].sort((a, b) => a - b);
  const tests = Math.max(1, gs.length * (counts.length - 1));
  const alpha = FAMILY_ALPHA / tests;
  const pipelines: ThreadsPipeline[] = gs.map((g) => {
    const one = g.twins.find((t) => t.threadCount === 1);
    const base = one ? measuredOk(run.iterations, one.id) : [];
    const ids = new Set(g.twins.map((t) => t.id));
    const queryBase = one ? spans(measuredQueries(run, one.id)) : [];
    return {
      pipelineId: g.id,
      name: g.name,
      language: g.language,
      levels: g.twins.map((twin) => levelOf(run, twin, base, alpha, queryBase)),
      failedRuns: run.iterations.filter((it) => ids.has(it.pipelineId) && it.status === 'failed').length,
    };
  });
  const rust = pipelines.find((p) => p.language === 'Rust') ?? null;
  const python = pipelines.find((p) => p.language === 'Python') ?? null;
  const verified = (id: string) => {
    const spec = run.pipelines.find((p) => p.id === id);
    return spec ? verificationOf(run, spec).verified : false;
  };
  return {
    counts,
    cores: run.environment.cpuCount,
    pipelines,
    alpha,
    tests,
    basis: rust && python ? { rustId: rust.pipelineId, pythonId: python.pipelineId } : null,
    verdict: threadsVerdict(rust, python, verified),
    rule: THREADS_RULE,
    method: THREADS_METHOD,
    scope: THREADS_SCOPE,
    query: querySettingsOf(run),
  };
}
