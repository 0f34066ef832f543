// The contract's query job (pipelines/README.md, "The query job"): the agent's retrieval loop.
// Each query is one short text embedded alone (a batch of one) and searched with the Query API
// (limit top_k, no payload, no vectors): once alone (the cold query), then at each concurrency
// level by c async loops taking texts from one shared queue, all over one embedder (one
// InferenceSession) and one Qdrant client. Node runs JavaScript on one thread: onnxruntime-node's
// session.run computes on the main thread (on ORT's intra-op pool), so loops overlap a search's
// network wait with another query's embedding, not two embeddings.
import { loadEmbedder } from './embedder.js';
import type { Embedder, OnnxEngine } from './model.js';
import { PipelineError, describeError, emit, nowMs, type QueryStageName, type StageName } from './protocol.js';
import { QdrantStore } from './store.js';
import { libraryVersions } from './versions.js';
import type { Workload } from './workload.js';

interface Answer {
  /** From taking the text to holding the search's answer, in milliseconds. */
  latencyMs: number;
  /** Point ids in score order. */
  ids: string[];
}

class Searcher {
  constructor(
    private readonly embedder: Embedder,
    private readonly store: QdrantStore,
    private readonly topK: number,
  ) {}

  async query(stage: QueryStageName, text: string): Promise<Answer> {
    const started = nowMs();
    let vector: Float32Array;
    try {
      [vector] = (await this.embedder.embed([text])).vectors;
    } catch (error) {
      throw new PipelineError(stage, `embedding the query ${JSON.stringify(text)} failed: ${describeError(error)}`, { cause: error });
    }
    const ids = await this.store.search(vector, this.topK, stage);
    return { latencyMs: nowMs() - started, ids };
  }
}

/** The texts `passes` times over, in order: what a level's loops take from, one at a time. */
export function sharedQueue(texts: string[], passes: number): string[] {
  return Array.from({ length: passes }, () => texts).flat();
}

/** Runs `queue` through `concurrency` loops; answers in queue order. The first failure stops every loop. */
export async function drain<T>(queue: string[], concurrency: number, work: (text: string) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(queue.length);
  let next = 0;
  let failed = false;
  const loop = async () => {
    while (!failed && next < queue.length) {
      const index = next++;
      try {
        results[index] = await work(queue[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return results;
}

async function timedStage(stage: QueryStageName, counts: Record<string, unknown>, work: () => Promise<Answer[]>): Promise<Answer[]> {
  const started = nowMs();
  emit('start', { stage, t_ms: started });
  const answers = await work();
  const ended = nowMs();
  emit('end', { stage, t_ms: ended, busy_ms: ended - started, ...counts, queries: answers.length, latencies_ms: answers.map((a) => a.latencyMs) });
  return answers;
}

export async function runQuery(workload: Workload, engine: OnnxEngine, enter: (stage: StageName | null) => void): Promise<void> {
  const settings = workload.query;
  if (!settings) throw new PipelineError(null, 'workload: query is required');
  emit('ready', {
    pipeline: engine.pipelineId,
    runtime: { name: 'node', version: process.versions.node },
    libraries: libraryVersions([engine.library, '@huggingface/tokenizers', '@qdrant/js-client-rest']),
    threads: workload.threads,
  });
  const embedder = await loadEmbedder(workload, engine, enter);
  const store = new QdrantStore(workload.qdrant.url, workload.qdrant.collection, workload.qdrant.api_key);
  const searcher = new Searcher(embedder, store, settings.top_k);

  enter('query_cold');
  await timedStage('query_cold', {}, async () => [await searcher.query('query_cold', settings.texts[0])]);
  let queries = 1;
  let answers: string[][] | null = null;
  for (const concurrency of settings.concurrency) {
    const stage: QueryStageName = `query_c${concurrency}`;
    enter(stage);
    const queue = sharedQueue(settings.texts, settings.passes);
    const results = await timedStage(stage, { concurrency }, () => drain(queue, concurrency, (text) => searcher.query(stage, text)));
    queries += results.length;
    answers ??= results.slice(0, settings.texts.length).map((a) => a.ids); // the first pass of the first level
  }
  enter(null);
  emit('done', { queries, answers });
}
