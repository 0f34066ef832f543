import type { BenchConfig } from '../config/types.js';
import type { ProgressReporter } from '../progress/index.js';
import type { QueryProcess } from '../query-types.js';
import { publishRun } from '../results/publish.js';
import type { PipelineSpec, RunSummary, WorkloadSettings } from '../types.js';
import type { RunBenchOptions } from './bench.js';
import type { PlannedIteration } from './plan.js';
import { announceProcess, processRecord, processSpawn } from './job-steps.js';
import { runQueryProcess } from './query-process.js';
import type { RunStore } from './store-guard.js';
import { buildWorkload, writeWorkload } from './workload.js';

export interface QueryRunContext {
  config: BenchConfig;
  settings: WorkloadSettings;
  runDir: string;
  store: RunStore;
  /** The collection the indexer filled ('' until it has). */
  collection: string;
  notImplemented: PipelineSpec[];
  options: RunBenchOptions;
  progress: ProgressReporter;
}

export function publishQuery(ctx: QueryRunContext, summary: RunSummary): void {
  publishRun(ctx.runDir, summary, (m) => ctx.progress.message(m));
}

const levelWords = (r: QueryProcess) =>
  r.levels.map((l) => `c${l.concurrency} ${(l.queries / (l.busyMs / 1000)).toFixed(1)} q/s`).join(', ') + `; cold ${r.coldMs?.toFixed(0)} ms`;

/** One planned process; null when Ctrl-C stopped it (unfinished, not recorded). */
export async function runQueryOne(
  ctx: QueryRunContext,
  item: PlannedIteration,
  i: number,
  plan: PlannedIteration[],
  done: QueryProcess[],
): Promise<QueryProcess | null> {
  const { config, progress } = ctx;
  const q = config.query!;
  const { spawn, stderrFile } = processSpawn(ctx, item, `${item.pipeline.id}-query-${item.index}`, config.timeoutMs);
  const query = { texts: q.texts, top_k: q.topK, concurrency: q.concurrency, passes: q.passes };
  // a thread-count twin (run/threads-query.ts) gets its own count in the workload, as its env does
  const settings = item.pipeline.threadCount ? { ...ctx.settings, threads: item.pipeline.threadCount } : ctx.settings;
  writeWorkload(spawn.workloadPath, { ...buildWorkload(settings, ctx.store, ctx.collection), job: 'query', query });
  announceProcess(progress, 'query', config, plan, i, done);
  const expect = { texts: q.texts.length, topK: q.topK, concurrency: q.concurrency, passes: q.passes };
  const record = processRecord(await runQueryProcess({ ...spawn, expect }), item, stderrFile);
  if (!record) return null;
  progress.message(`query: ${item.pipeline.id} run ${item.index + 1}: ${record.status === 'ok' ? levelWords(record) : `FAILED: ${record.failure?.message}`}`);
  return record;
}
