#!/usr/bin/env node
// The TypeScript pipeline: read -> chunk -> embed (ONNX Runtime) -> upsert (Qdrant REST); the
// tokenize and query jobs (tokenize.ts, query.ts) are dispatched from here.
// Usage: node ts-pipeline/dist/main.js [--engine node|wasm] <workload.json> (default: node, the
// native onnxruntime-node; wasm: onnxruntime-web); protocol and rules: pipelines/README.md.
import { chunkDocuments, type Chunk } from './chunking.js';
import { readCorpus } from './corpus.js';
import { embedGroup, groupsOf } from './batching.js';
import { parseCommandLine } from './engines.js';
import { loadEmbedder } from './embedder.js';
import type { Embedder } from './model.js';
import { PipelineError, StageClock, describeError, emit, log, type StageName } from './protocol.js';
import { QdrantStore } from './store.js';
import { runQuery } from './query.js';
import { runTokenize } from './tokenize.js';
import { libraryVersions } from './versions.js';
import { loadWorkload, type Workload } from './workload.js';

/** The stage running now, so that an unexpected failure is still attributed to it. */
let currentStage: StageName | null = null;

async function stage<T>(name: StageName, work: () => Promise<T> | T, counts: (result: T) => Record<string, unknown>): Promise<T> {
  currentStage = name;
  const clock = new StageClock(name);
  const result = await clock.time(work);
  clock.end(counts(result));
  return result;
}

/**
 * Embeds and upserts group by group, as LangChain's add_documents does. Running the upsert of
 * group k concurrently with the embedding of group k+1 was measured and dropped: it can hide at
 * most the upserts' own work (0.9 s of a 37 s embed+upsert on 200 chunks, below run-to-run
 * noise), and since session.run blocks the JS thread, the upsert's busy time then mostly
 * measured waiting for that thread (26 s reported for the same 0.9 s of work).
 */
async function embedAndUpsert(workload: Workload, embedder: Embedder, chunks: Chunk[]) {
  const store = new QdrantStore(workload.qdrant.url, workload.qdrant.collection, workload.qdrant.api_key);
  const embedClock = new StageClock('embed');
  const upsertClock = new StageClock('upsert');
  let tokens = 0;
  let points = 0;
  let passes = 0;
  // pipelines/README.md, "Per-batch events": one `batch` event per forward pass when asked
  const onPass = workload.batch_events
    ? (size: number, passTokens: number, ms: number) => emit('batch', { stage: 'embed', index: passes++, size, tokens: passTokens, ms })
    : undefined;

  for (const [k, group] of groupsOf(chunks, workload.upsert_batch_size).entries()) {
    currentStage = 'embed';
    const embedded = await embedClock.time(() =>
      embedGroup(
        embedder,
        group.map((chunk) => chunk.text),
        workload.embed_batch_size,
        onPass,
      ).catch((error: unknown) => {
        if (error instanceof PipelineError) throw error;
        const first = group[0];
        throw new PipelineError(
          'embed',
          `embedding the group of ${group.length} chunks starting at ${first.source}#${first.index} failed: ${describeError(error)}`,
          { cause: error },
        );
      }),
    );
    tokens += embedded.tokens;
    currentStage = 'upsert';
    await upsertClock.time(async () => {
      if (k === 0) await store.createCollection(embedder.dimension, workload.qdrant);
      await store.upsert(group, embedded.vectors);
    });
    points += group.length;
  }
  embedClock.end({ chunks: chunks.length, tokens });
  upsertClock.end({ points });
  // Interleaved (pipelines/README.md) as soon as an upsert began before the last embedding ended (more than one group).
  const overlapped = upsertClock.firstStart < embedClock.lastEnd ? [{ stages: ['embed', 'upsert'], kind: 'interleaved' }] : [];
  return { tokens, points, overlapped };
}

async function run(args: string[]): Promise<void> {
  const { workloadPath, engine } = await parseCommandLine(args);
  const workload = loadWorkload(workloadPath);
  if (workload.job === 'tokenize') {
    runTokenize(workload, engine.pipelineId, (name) => {
      currentStage = name;
    });
    return;
  }
  if (workload.job === 'query') {
    await runQuery(workload, engine, (name) => {
      currentStage = name;
    });
    return;
  }
  emit('ready', {
    pipeline: engine.pipelineId,
    runtime: { name: 'node', version: process.versions.node },
    libraries: libraryVersions([engine.library, '@huggingface/tokenizers', '@langchain/textsplitters', '@qdrant/js-client-rest']),
    threads: workload.threads,
  });

  const embedder = await loadEmbedder(workload, engine, (name) => {
    currentStage = name;
  });

  const corpus = await stage(
    'read',
    () => readCorpus(workload.corpus.dir, workload.corpus.files),
    (c) => ({ documents: c.documents.length, skipped_files: c.skipped, bytes: c.bytes }),
  );
  for (const skipped of corpus.skipped) log(`skipped ${skipped.path}: ${skipped.reason}`);

  const chunks = await stage(
    'chunk',
    () => chunkDocuments(corpus.documents, workload.chunking),
    (c) => ({ chunks: c.length }),
  );
  if (chunks.length === 0) {
    throw new PipelineError('chunk', `corpus ${workload.corpus.dir}: its documents contain only whitespace, no chunks to index`);
  }

  const { tokens, points, overlapped } = await embedAndUpsert(workload, embedder, chunks);
  emit('done', {
    documents: corpus.documents.length,
    skipped_files: corpus.skipped,
    chunks: chunks.length,
    tokens,
    points,
    overlapped,
  });
}

function reportFailure(error: unknown): void {
  const stageName = error instanceof PipelineError ? error.stage : currentStage;
  const message = error instanceof PipelineError ? error.message : `unexpected failure: ${describeError(error)}`;
  emit('error', { stage: stageName, message });
  if (!(error instanceof PipelineError) && error instanceof Error && error.stack) log(error.stack);
}

process.on('unhandledRejection', (reason) => {
  reportFailure(reason);
  process.exit(1);
});

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    reportFailure(error);
    process.exit(1);
  },
);
