/**
 * The index job's plan carried out (run/bench.ts starts it): the interleaved warmup and
 * measured iterations one after the other against the watched store, then the equivalence proof
 * over the collections kept. Every finished iteration is appended to the run's record
 * (iterations.jsonl) as it ends, so a run that stops part-way still reports them; the plan reads
 * them back when it is done, so memory does not grow with the run's length (the soak checks it).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../config/types.js';
import type { ProgressReporter } from '../progress/index.js';
import { appendIteration, readIterations } from '../results/index.js';
import { type CollectionLifecycle, collectionName, type storeClient } from '../store/collections.js';
import type { EquivalenceProof, IterationResult, WorkloadSettings } from '../types.js';
import { MIN_COSINE } from '../verify/vectors.js';
import { type IterationContext, runIteration } from './iteration.js';
import { proveByMode } from './overhead.js';
import type { PlannedIteration } from './plan.js';
import type { StoreGuard } from './store-guard.js';

/** What the plan's steps share; `iterations`: the finished ones, read back from the record once the plan stops. */
export interface IndexRun {
  config: BenchConfig;
  settings: WorkloadSettings;
  runId: string;
  runDir: string;
  client: ReturnType<typeof storeClient>;
  collections: CollectionLifecycle;
  guard: StoreGuard;
  progress: ProgressReporter;
  signal?: AbortSignal;
  iterations: IterationResult[];
}

async function sha256File(file: string): Promise<string | null> {
  if (!existsSync(file)) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The model's weights hashed (full mode), once the first round has run. */
async function hashModel(settings: WorkloadSettings): Promise<void> {
  if (settings.mode === 'full' && settings.model.sha256 === null) {
    settings.model.sha256 = await sha256File(path.join(settings.model.dir, 'model.safetensors'));
  }
}

/** One planned iteration; a store that died during it fails the iteration (and its collection is dropped). */
async function runPlannedIteration(run: IndexRun, item: PlannedIteration): Promise<IterationResult> {
  const { config, progress } = run;
  await run.collections.waitStoreIdle();
  const collection = collectionName(run.runId, item.pipeline.id, item.index);
  const context: IterationContext = {
    runId: run.runId,
    runDir: run.runDir,
    settings: run.settings,
    store: run.guard.current,
    collections: run.collections,
    cwd: config.baseDir,
    timeoutMs: config.timeoutMs,
    sampleIntervalMs: config.sampleIntervalMs,
    signal: run.signal,
    onEvent: (ev) => {
      if (ev.event === 'start') progress.stage(ev.stage);
      if (ev.event === 'progress') progress.stage(ev.stage, `${ev.done}/${ev.total}`);
    },
  };
  const result = await runIteration(context, item, collection, item.kind === 'measured');
  const storeDied = await run.guard.recover();
  if (!storeDied) return result;
  const during = result.failure ? ` (the iteration: ${result.failure.message})` : '';
  await run.collections.drop(collection).catch(() => {});
  return { ...result, status: 'failed', failure: { kind: 'store', message: `${storeDied}${during}` } };
}

/** The plan's iterations in order until done or aborted; each finished one recorded as it ends. */
async function runPlan(run: IndexRun, plan: PlannedIteration[]): Promise<void> {
  for (const [i, item] of plan.entries()) {
    if (run.signal?.aborted) break;
    if (item.index > 0) await hashModel(run.settings);
    run.progress.iterationStart(item, i + 1, plan.length);
    const result = await runPlannedIteration(run, item);
    if (run.signal?.aborted && result.failure?.kind === 'interrupted') break; // unfinished: not recorded
    appendIteration(run.runDir, result);
    run.progress.iterationEnd(result);
  }
}

/** The proof when it could not run: every pipeline it would have covered has a `proof-error` problem. */
function proofThatFailed(pipelineIds: string[], err: unknown): EquivalenceProof {
  const message = `verification could not run: ${(err as Error).message}`;
  return {
    chunkHashes: {},
    chunksEqual: false,
    minCosine: {},
    cosineFloor: MIN_COSINE,
    top10Agree: 0,
    top10Queries: 0,
    passed: false,
    problems: pipelineIds.map((pipelineId) => ({ kind: 'proof-error', pipelineId, message })),
    notes: [],
  };
}

/** The equivalence proof over the kept collections; null when interrupted or nothing was kept. */
async function verify(run: IndexRun): Promise<EquivalenceProof | null> {
  const { config, collections } = run;
  if (run.signal?.aborted || collections.kept.size === 0) return null;
  run.progress.message('verifying: chunk hashes, stored vectors, top-10 answers across pipelines');
  const referenceId = config.pipelines.find((p) => p.reference)?.id ?? config.pipelines[0].id;
  try {
    return await proveByMode(run.client, collections.kept, referenceId, config.verifyQueries, run.iterations, config.pipelines);
  } catch (err) {
    return proofThatFailed([...collections.kept.keys()], err);
  }
}

/**
 * The plan, the model's hash and the proof; the kept collections dropped and (when the run
 * started it) the store stopped afterwards. A breakdown (the store lost, or similar) stops the
 * run and comes back as `runError`; the iterations finished until then are in `run.iterations`.
 */
export async function executePlan(
  run: IndexRun,
  plan: PlannedIteration[],
  ownsStore: boolean,
): Promise<{ equivalence: EquivalenceProof | null; runError: string | null }> {
  try {
    await runPlan(run, plan);
    run.iterations = readIterations(run.runDir);
    await hashModel(run.settings);
    return { equivalence: await verify(run), runError: null };
  } catch (err) {
    run.iterations = readIterations(run.runDir);
    const runError = (err as Error).message;
    run.progress.message(`run stopped: ${runError}`);
    return { equivalence: null, runError };
  } finally {
    await run.collections.dropKept().catch(() => {});
    if (ownsStore) await run.guard.stop().catch(() => {});
  }
}
