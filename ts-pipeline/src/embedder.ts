// The embedder of the index and query jobs: the model on ONNX Runtime in full mode (stage
// model_load), rule 8's hash embedding in stub mode (no model, no stage).
import { OnnxSentenceEmbedder, type Embedder, type OnnxEngine } from './model.js';
import { StageClock, type StageName } from './protocol.js';
import { StubEmbedder } from './stub.js';
import type { Workload } from './workload.js';

const STUB_DIMENSION = 384;

export async function loadEmbedder(workload: Workload, engine: OnnxEngine, enter: (stage: StageName) => void): Promise<Embedder> {
  if (workload.mode !== 'full') return new StubEmbedder(STUB_DIMENSION);
  enter('model_load');
  const clock = new StageClock('model_load');
  const embedder = await clock.time(() => OnnxSentenceEmbedder.load(engine, workload.model.dir, workload.threads));
  clock.end({});
  return embedder;
}
