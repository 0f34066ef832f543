/**
 * The steps of a query run (run/query.ts): which pipelines speak the job, one planned process
 * (its workload file pointing at the run's collection, the process, its record), and writing the
 * summary and reports after each.
 */
import path from 'node:path';
import type { BenchConfig } from '../config/types.js';
import { BenchError } from '../errors.js';
import { formatDuration, type ProgressReporter } from '../progress/index.js';
import type { QueryProcess } from '../query-types.js';
import { publishRun } from '../results/publish.js';
import type { PipelineSpec, RunSummary, WorkloadSettings } from '../types.js';
import type { RunBenchOptions } from './bench.js';
import { pipelineEnv } from './iteration.js';
import type { PlannedIteration } from './plan.js';
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

/** The pipelines of the run that speak the job, and the others (reported "not implemented"); none speaking it: exit 2. */
export function speakersOf(given: BenchConfig, progress: ProgressReporter): { speakers: PipelineSpec[]; notImplemented: PipelineSpec[] } {
  const ids = given.query!.speakers;
  const speakers = given.pipelines.filter((p) => ids.includes(p.id));
  const notImplemented = given.pipelines.filter((p) => !ids.includes(p.id));
  for (const p of notImplemented) progress.message(`query: ${p.id} does not implement the query job (not in the config's set "query"): not run`);
  if (speakers.length === 0) {
    throw new BenchError(
      `no pipeline of this run implements the query job: the config's set "query" lists ${ids.length ? ids.join(', ') : 'none'}; this run has ${given.pipelines.map((p) => p.id).join(', ')}`,
      2,
    );
  }
  return { speakers, notImplemented };
}

export function publishQuery(ctx: QueryRunContext, summary: RunSummary): void {
  publishRun(ctx.runDir, summary, (m) => ctx.progress.message(m));
}

/** Time left: the mean length of each pipeline's finished processes times its processes left (unknown until each has finished one). */
function timeLeft(done: QueryProcess[], left: PipelineSpec[]): string {
  let ms = 0;
  for (const p of left) {
    const own = done.filter((d) => d.pipelineId === p.id);
    if (own.length === 0) return 'time left: known once every pipeline has finished a run';
    ms += own.reduce((s, d) => s + d.wallMs, 0) / own.length;
  }
  return `time left ~${formatDuration(ms)}`;
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
  const name = `${item.pipeline.id}-query-${item.index}`;
  const workloadPath = path.join(ctx.runDir, 'workloads', `${name}.json`);
  const query = { texts: q.texts, top_k: q.topK, concurrency: q.concurrency, passes: q.passes };
  writeWorkload(workloadPath, { ...buildWorkload(ctx.settings, ctx.store, ctx.collection), job: 'query', query });
  const left = timeLeft(
    done,
    plan.slice(i).map((p) => p.pipeline),
  );
  progress.message(
    `query: ${item.pipeline.id} run ${item.index + 1}/${config.warmup + config.iterations} (${item.kind}), process ${i + 1} of ${plan.length}; ${left}`,
  );
  const outcome = await runQueryProcess({
    command: item.pipeline.command,
    workloadPath,
    cwd: config.baseDir,
    env: pipelineEnv(config.threads, item.pipeline.env),
    timeoutMs: config.timeoutMs,
    stderrPath: path.join(ctx.runDir, 'logs', `${name}.stderr.log`),
    expect: { texts: q.texts.length, topK: q.topK, concurrency: q.concurrency, passes: q.passes },
    signal: ctx.options.signal,
    onStage: (stage) => progress.message(`  ${item.pipeline.id}: ${stage}`),
  });
  if (outcome.interrupted) return null;
  const { interrupted: _interrupted, ...result } = outcome;
  const record: QueryProcess = {
    ...result,
    pipelineId: item.pipeline.id,
    index: item.index,
    kind: item.kind,
    stderrFile: path.join('logs', `${name}.stderr.log`),
  };
  progress.message(`query: ${item.pipeline.id} run ${item.index + 1}: ${record.status === 'ok' ? levelWords(record) : `FAILED: ${record.failure}`}`);
  return record;
}
