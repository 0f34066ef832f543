/**
 * The conformance kit's runner: each case is one process of the pipeline under test, run with
 * the harness's own spawner and protocol parser, one after another, against one store; each
 * case's collection and files are removed after it.
 */
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { ConfigError } from '../errors.js';
import { LauncherMissingError } from '../measure/launcher.js';
import { pipelineEnv } from '../run/iteration.js';
import type { ProtocolEvent } from '../run/protocol.js';
import { runPipelineProcess } from '../run/spawn.js';
import { type StoreEndpoint, storeClient } from '../store/collections.js';
import { doneProblems } from './expect-done.js';
import { judgeError } from './expect-error.js';
import { expectedTokens, storeProblems } from './expect-points.js';
import { type PreparedCase, prepareCase, textBytes } from './inputs.js';
import { type CaseOutcome, type CaseRun, doneOf, fail, notDone, pass } from './outcome.js';
import { type CaseTable, type ConformanceCase, type ExpectDone, expectsError } from './table.js';

export interface ConformanceOptions {
  /** The pipeline under test: `<command...> <workload.json>`. */
  command: string[];
  /** Its working directory. */
  cwd: string;
  table: CaseTable;
  cases: ConformanceCase[];
  store: StoreEndpoint;
  modelDir: string;
  timeoutMs: number;
  /** Extra environment of the pipeline (as a bench config's `env`). */
  env?: Record<string, string>;
  /** Aborting kills the running case's process tree; no further case starts. */
  signal?: AbortSignal;
  /** Called as each case finishes (for a live list). */
  onResult?: (result: CaseResult) => void;
}

export interface CaseResult {
  id: string;
  checks: string;
  outcome: CaseOutcome;
  seconds: number;
}

/** Model dimension of the collection the kit creates itself (collection_exists). */
const DIMENSION = 384;

async function runProcess(opts: ConformanceOptions, prepared: PreparedCase, threads: number): Promise<CaseRun> {
  const events: ProtocolEvent[] = [];
  const outcome = await runPipelineProcess({
    command: opts.command,
    workloadPath: prepared.workloadPath,
    cwd: opts.cwd,
    env: pipelineEnv(threads, opts.env),
    timeoutMs: opts.timeoutMs,
    sampleIntervalMs: 1_000,
    stderrPath: path.join(prepared.scratch, 'stderr.log'),
    launcherReportPath: path.join(prepared.scratch, 'launcher.json'),
    onEvent: (e) => events.push(e),
    signal: opts.signal,
  }).catch((err: Error) => {
    throw err instanceof LauncherMissingError ? new ConfigError(err.message) : err;
  });
  if (outcome.failure?.kind === 'spawn') throw new ConfigError(`cannot run the pipeline: ${outcome.failure.message}`);
  return { events, exitCode: outcome.exitCode, failure: outcome.failure };
}

async function judgeDone(client: QdrantClient, expected: ExpectDone, run: CaseRun, prepared: PreparedCase): Promise<CaseOutcome> {
  const done = doneOf(run);
  if (!done || (run.failure && run.failure.kind !== 'crash')) return fail(notDone(run));
  const workload = prepared.workload!;
  const problems = doneProblems(run, expected, workload, textBytes(prepared.corpus));
  if (expected.tokens) {
    const tokens = expectedTokens(prepared.corpus);
    if (done.tokens !== tokens) problems.push(`done.tokens is ${done.tokens}, the reference tokenizer gives ${tokens} (tokens.json)`);
  }
  const stored = { collection: prepared.collection, expected, corpus: prepared.corpus, workload, reportedPoints: done.points };
  problems.push(...(await storeProblems(client, stored).catch((err: Error) => [`reading the collection back failed: ${err.message}`])));
  if (problems.length > 0) return fail(problems.join('; '));
  const checked = [
    expected.points && 'ids and payloads',
    expected.vectors && `vectors (${expected.vectors})`,
    expected.tokens && 'token count',
    expected.collection_params && `collection params ${JSON.stringify(expected.collection_params)}`,
  ].filter(Boolean);
  return pass(`done: ${done.documents} documents, ${done.chunks} chunks, ${done.points} points${checked.length ? `; ${checked.join(', ')} as expected` : ''}`);
}

async function runCase(opts: ConformanceOptions, client: QdrantClient, c: ConformanceCase): Promise<CaseOutcome> {
  const prepared = await prepareCase(opts.table, c, { store: opts.store, modelDir: opts.modelDir });
  try {
    if (c.qdrant === 'collection_exists') await client.createCollection(prepared.collection, { vectors: { size: DIMENSION, distance: 'Cosine' } });
    const threads = Number(prepared.workload?.threads ?? opts.table.base_workload.threads);
    const run = await runProcess(opts, prepared, Number.isInteger(threads) && threads > 0 ? threads : 1);
    if (expectsError(c)) return judgeError(run, c.expect, prepared.placeholders);
    return await judgeDone(client, c.expect as ExpectDone, run, prepared);
  } finally {
    if ((await client.collectionExists(prepared.collection).catch(() => ({ exists: false }))).exists) {
      await client.deleteCollection(prepared.collection).catch(() => {});
    }
    prepared.cleanup();
  }
}

/** Runs the cases in order; a pipeline that cannot be started at all is a ConfigError (no verdict). */
export async function runConformance(opts: ConformanceOptions): Promise<CaseResult[]> {
  const client = storeClient(opts.store);
  const results: CaseResult[] = [];
  for (const c of opts.cases) {
    if (opts.signal?.aborted) break;
    const started = performance.now();
    const outcome = await runCase(opts, client, c);
    if (opts.signal?.aborted) break; // an interrupted case has no verdict
    const result = { id: c.id, checks: c.checks, outcome, seconds: (performance.now() - started) / 1000 };
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}
