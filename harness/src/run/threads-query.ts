/**
 * The `threads` workload's query part (claim 4), after its index plan: the corpus indexed once
 * (query-index.ts, as the query workload does) by the indexer's twin at the highest count, then
 * every twin of a pipeline that speaks the query job (the config's set "query") runs the query
 * job (query-steps.ts, as the query workload does) once per shuffled round, no warmup process
 * (each reports its cold first query apart), at ONE concurrency level, the query section's
 * highest, the same at every thread count, so only the threads change. The collection is dropped
 * at the end; the store is stopped here when the run started it (bench.ts hands it over).
 */
import type { QueryProcess } from '../query-types.js';
import { CollectionLifecycle } from '../store/collections.js';
import type { PipelineSpec, ThreadsQueryRecord } from '../types.js';
import type { RunBenchOptions } from './bench.js';
import type { IndexRun } from './index-plan.js';
import { runPlannedProcesses } from './job-steps.js';
import { planIterations } from './plan.js';
import { indexForQueries } from './query-index.js';
import { type QueryRunContext, runQueryOne } from './query-steps.js';

/** The twin that indexes: the config's query.indexer when it is in the run, else the first speaker; at the highest count. */
function indexerOf(twins: PipelineSpec[], indexerId: string | undefined): PipelineSpec {
  const top = Math.max(...twins.map((p) => p.threadCount ?? 1));
  const atTop = twins.filter((p) => (p.threadCount ?? 1) === top);
  return atTop.find((p) => p.threadsOf?.id === indexerId) ?? atTop[0];
}

/** The processes, one per twin and round, each recorded as it finished (Ctrl-C keeps the finished ones). */
async function queryProcesses(run: IndexRun, ctx: QueryRunContext, twins: PipelineSpec[], orderSeed: number): Promise<QueryProcess[]> {
  const plan = planIterations(twins, 0, ctx.config.iterations, orderSeed);
  return runPlannedProcesses<QueryProcess>(plan, run.signal, (item, i, done) => runQueryOne(ctx, item, i, plan, done));
}

/** The query part; null when the run has no query settings or Ctrl-C came first (then no part ran); skipped, with why, when the index part broke down. */
export async function runThreadsQueries(
  run: IndexRun,
  orderSeed: number,
  options: RunBenchOptions,
  { ownsStore, runError }: { ownsStore: boolean; runError: string | null },
): Promise<ThreadsQueryRecord | null> {
  try {
    const q = run.config.query;
    if (!q || options.signal?.aborted) return null;
    const level = Math.max(...q.concurrency);
    const record: ThreadsQueryRecord = { concurrency: level, passes: q.passes, texts: q.texts.length, index: null, processes: [], skipped: null };
    const twins = run.config.pipelines.filter((p) => p.threadsOf && q.speakers.includes(p.threadsOf.id));
    if (twins.length === 0) return { ...record, skipped: 'no pipeline of this run is in the config\'s set "query"' };
    if (runError) return { ...record, skipped: `the index part stopped: ${runError}` };
    const store = run.guard.current;
    const collections = new CollectionLifecycle(run.client, store);
    const { config, progress } = run;
    try {
      const common = { runId: run.runId, runDir: run.runDir, settings: run.settings, store, collections, cwd: config.baseDir, progress };
      record.index = await indexForQueries(
        { ...common, timeoutMs: config.timeoutMs, sampleIntervalMs: config.sampleIntervalMs, signal: options.signal },
        indexerOf(twins, q.indexer?.id),
      );
      const ctx: QueryRunContext = {
        ...common,
        config: { ...config, warmup: 0, query: { ...q, concurrency: [level] } },
        collection: record.index.collection,
        notImplemented: [],
        options,
      };
      record.processes = await queryProcesses(run, ctx, twins, orderSeed);
      return record;
    } catch (err) {
      // Ctrl-C keeps what finished; any other fault leaves the index part's figures standing, the reason said
      if (options.signal?.aborted) return record;
      const why = (err as Error).message;
      progress.message(`threads: the query part did not run: ${why}`);
      return { ...record, skipped: why };
    } finally {
      await collections.dropKept().catch(() => {});
    }
  } finally {
    if (ownsStore) await run.guard.stop().catch(() => {});
  }
}
