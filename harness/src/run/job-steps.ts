/**
 * The steps the runs of a job read as events share (query-steps.ts, tokenize.ts): which
 * pipelines speak the job, the progress line before each process with the time left, the loop
 * over the planned processes, a process's record, and the summary fields such a run fills alike.
 */
import path from 'node:path';
import type { BenchConfig } from '../config/types.js';
import { collectEnvironment } from '../environment.js';
import { BenchError } from '../errors.js';
import type { JobProcessRecord } from '../job-types.js';
import { formatDuration, type ProgressReporter } from '../progress/index.js';
import { type PipelineSpec, type RunSummary, SCHEMA_VERSION, type WorkloadSettings } from '../types.js';
import type { RunBenchOptions } from './bench.js';
import { pipelineEnv } from './iteration.js';
import type { JobSpawn } from './job-process.js';
import type { PlannedIteration } from './plan.js';

/** The jobs run as processes of their own (pipelines/README.md); also the name of the config's set of pipelines that speak each. */
export type EventJob = 'query' | 'tokenize';

/** The pipelines of the run that speak the job, and the others (reported "not implemented"); none speaking it: exit 2. */
export function speakersOf(
  given: BenchConfig,
  job: EventJob,
  ids: string[],
  progress: ProgressReporter,
): { speakers: PipelineSpec[]; notImplemented: PipelineSpec[] } {
  const speakers = given.pipelines.filter((p) => ids.includes(p.id));
  const notImplemented = given.pipelines.filter((p) => !ids.includes(p.id));
  for (const p of notImplemented) progress.message(`${job}: ${p.id} does not implement the ${job} job (not in the config's set "${job}"): not run`);
  if (speakers.length === 0) {
    const listed = ids.length ? ids.join(', ') : 'none';
    throw new BenchError(
      `no pipeline of this run implements the ${job} job: the config's set "${job}" lists ${listed}; this run has ${given.pipelines.map((p) => p.id).join(', ')}`,
      2,
    );
  }
  return { speakers, notImplemented };
}

/** Time left: the mean length of each pipeline's finished processes times its processes left (unknown until each has finished one). */
function timeLeft(done: JobProcessRecord[], left: PipelineSpec[]): string {
  let ms = 0;
  for (const p of left) {
    const own = done.filter((d) => d.pipelineId === p.id);
    if (own.length === 0) return 'time left: known once every pipeline has finished a run';
    ms += own.reduce((s, d) => s + d.wallMs, 0) / own.length;
  }
  return `time left ~${formatDuration(ms)}`;
}

/** The progress line before process `i` of the plan: which run of which pipeline, and the time left. */
export function announceProcess(
  progress: ProgressReporter,
  job: EventJob,
  config: BenchConfig,
  plan: PlannedIteration[],
  i: number,
  done: JobProcessRecord[],
): void {
  const item = plan[i];
  const left = timeLeft(
    done,
    plan.slice(i).map((p) => p.pipeline),
  );
  progress.message(
    `${job}: ${item.pipeline.id} run ${item.index + 1}/${config.warmup + config.iterations} (${item.kind}), process ${i + 1} of ${plan.length}; ${left}`,
  );
}

/** What a job's steps need of their run. */
export interface JobRunParts {
  config: BenchConfig;
  runDir: string;
  options: RunBenchOptions;
  progress: ProgressReporter;
}

/**
 * A planned process named `name`: how to spawn it (its workload file, its stderr log, the
 * pipeline's command and env, its stages shown as progress) and its stderr log as the record
 * names it (relative to the run directory).
 */
export function processSpawn(ctx: JobRunParts, item: PlannedIteration, name: string, timeoutMs: number): { spawn: JobSpawn; stderrFile: string } {
  const stderrFile = path.join('logs', `${name}.stderr.log`);
  const spawn: JobSpawn = {
    command: item.pipeline.command,
    workloadPath: path.join(ctx.runDir, 'workloads', `${name}.json`),
    cwd: ctx.config.baseDir,
    // a thread-count twin (run/threads.ts) runs at its own count
    env: pipelineEnv(item.pipeline.threadCount ?? ctx.config.threads, item.pipeline.env),
    timeoutMs,
    stderrPath: path.join(ctx.runDir, stderrFile),
    signal: ctx.options.signal,
    onStage: (stage) => ctx.progress.message(`  ${item.pipeline.id}: ${stage}`),
  };
  return { spawn, stderrFile };
}

type Who = Pick<JobProcessRecord, 'pipelineId' | 'index' | 'kind' | 'stderrFile'>;

/** A finished process's record: its outcome and which planned process it was; null when Ctrl-C stopped it (unfinished, not recorded). */
export function processRecord<O extends { interrupted: boolean }>(
  outcome: O,
  item: PlannedIteration,
  stderrFile: string,
): (Omit<O, 'interrupted'> & Who) | null {
  if (outcome.interrupted) return null;
  const { interrupted: _interrupted, ...result } = outcome;
  return { ...result, pipelineId: item.pipeline.id, index: item.index, kind: item.kind, stderrFile };
}

/**
 * The planned processes one after another, each recorded as it finished (`recorded` then writes
 * the results so far, so Ctrl-C keeps every finished one); stops at Ctrl-C or at a process that
 * did not finish (null).
 */
export async function runPlannedProcesses<R>(
  plan: PlannedIteration[],
  signal: AbortSignal | undefined,
  runOne: (item: PlannedIteration, i: number, done: R[]) => Promise<R | null>,
  recorded: (done: R[]) => void = () => {},
): Promise<R[]> {
  const done: R[] = [];
  for (const [i, item] of plan.entries()) {
    if (signal?.aborted) break;
    const record = await runOne(item, i, done);
    if (!record) break;
    done.push(record);
    recorded(done);
  }
  return done;
}

/** What every summary of a job's run holds (query, tokenize, memory); the index job's fields stay empty (no index run happened). */
export function jobBaseSummary(
  job: EventJob | 'memory',
  config: BenchConfig,
  settings: WorkloadSettings,
  run: { runId: string; startedAt: string; orderSeed: number },
  store: RunSummary['store'],
): Omit<RunSummary, 'finishedAt' | 'status' | EventJob | 'memory'> {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: run.runId,
    startedAt: run.startedAt,
    settings,
    iterationsPlanned: { warmup: config.warmup, measured: config.iterations, orderSeed: run.orderSeed },
    pipelines: config.pipelines,
    store,
    environment: collectEnvironment(config.baseDir),
    iterations: [],
    summaries: [],
    ratios: [],
    costs: null,
    equivalence: null,
    leftOut: config.leftOut,
    matrix: null,
    workload: job,
  };
}
