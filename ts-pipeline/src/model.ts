// Rule 7: the sentence-transformers model on ONNX Runtime: tokenise, encode, mean-pool, normalise.
// Engine-neutral: the session comes from an OnnxEngine (engine-node.ts or engine-wasm.ts), both
// implementing onnxruntime-common's API, so a run loads only the engine it measures.
import { type InferenceSession, Tensor } from 'onnxruntime-common';
import { PipelineError, describeError } from './protocol.js';
import { modelError, readSentenceTransformerConfig, requireModelFile } from './model-files.js';
import { SentenceTokenizer } from './tokenizer.js';

export interface EmbeddedBatch {
  vectors: Float32Array[];
  /** Non-padding tokens the model saw, [CLS] and [SEP] included. */
  tokens: number;
}

export interface Embedder {
  readonly dimension: number;
  /** Embeds texts in one forward pass (the caller chooses the batch). */
  embed(texts: string[]): Promise<EmbeddedBatch>;
}

/** An ONNX Runtime build: the pipeline id and library it is reported as, and how it opens a model. */
export interface OnnxEngine {
  /** The `ready` event's pipeline id. */
  readonly pipelineId: string;
  /** The npm package doing the inference, named in the `ready` event's libraries. */
  readonly library: string;
  /** Opens the model with `threads` intra-op threads; throws if it cannot use that many. */
  createSession(onnxPath: string, threads: number): Promise<InferenceSession>;
}

export class OnnxSentenceEmbedder implements Embedder {
  private constructor(
    private readonly session: InferenceSession,
    readonly tokenizer: SentenceTokenizer,
    readonly dimension: number,
    private readonly normalize: boolean,
  ) {}

  static async load(engine: OnnxEngine, modelDir: string, threads: number): Promise<OnnxSentenceEmbedder> {
    const config = readSentenceTransformerConfig(modelDir);
    const tokenizer = SentenceTokenizer.load(modelDir, config.maxSeqLength);
    const onnxPath = requireModelFile(modelDir, 'onnx/model.onnx');
    let session: InferenceSession;
    try {
      session = await engine.createSession(onnxPath, threads);
    } catch (error) {
      throw modelError(`cannot load ONNX model ${onnxPath} with ${engine.library}: ${describeError(error)}`, error);
    }
    for (const input of ['input_ids', 'attention_mask']) {
      if (!session.inputNames.includes(input)) {
        throw modelError(`ONNX model ${onnxPath} has no input "${input}" (inputs: ${session.inputNames.join(', ')})`);
      }
    }
    return new OnnxSentenceEmbedder(session, tokenizer, config.dimension, config.normalize);
  }

  async embed(texts: string[]): Promise<EmbeddedBatch> {
    const encoded = texts.map((text) => this.tokenizer.encode(text));
    const batch = texts.length;
    const sequence = Math.max(...encoded.map((ids) => ids.length)); // pad to the longest in the batch
    const inputIds = new BigInt64Array(batch * sequence); // zeros = [PAD] (id 0)
    const attentionMask = new BigInt64Array(batch * sequence);
    let tokens = 0;
    encoded.forEach((ids, row) => {
      ids.forEach((id, column) => {
        inputIds[row * sequence + column] = BigInt(id);
        attentionMask[row * sequence + column] = 1n;
      });
      tokens += ids.length;
    });
    const dims = [batch, sequence];
    const feeds: Record<string, Tensor> = {
      input_ids: new Tensor('int64', inputIds, dims),
      attention_mask: new Tensor('int64', attentionMask, dims),
    };
    if (this.session.inputNames.includes('token_type_ids')) {
      feeds.token_type_ids = new Tensor('int64', new BigInt64Array(batch * sequence), dims);
    }
    const outputs = await this.session.run(feeds);
    const hidden = outputs[this.session.outputNames[0]];
    try {
      const expected = [batch, sequence, this.dimension];
      if (hidden.dims.join() !== expected.join()) {
        throw new PipelineError('embed', `model: ONNX output has shape [${hidden.dims.join(', ')}], expected [${expected.join(', ')}]`);
      }
      const data = hidden.data as Float32Array;
      const vectors = encoded.map((ids, row) => this.pool(data.subarray(row * sequence * this.dimension, (row + 1) * sequence * this.dimension), ids.length));
      return { vectors, tokens };
    } finally {
      for (const output of Object.values(outputs)) output.dispose();
    }
  }

  /**
   * Mean over the attended positions (padding sits after the `length` real tokens, so the mask
   * is a prefix), then L2 normalisation with torch's eps, as sentence-transformers does.
   */
  private pool(hidden: Float32Array, length: number): Float32Array {
    const dim = this.dimension;
    const sum = new Float64Array(dim);
    for (let position = 0; position < length; position += 1) {
      const offset = position * dim;
      for (let i = 0; i < dim; i += 1) sum[i] += hidden[offset + i];
    }
    const mean = new Float32Array(dim);
    for (let i = 0; i < dim; i += 1) mean[i] = sum[i] / Math.max(length, 1e-9);
    if (!this.normalize) return mean;
    let norm = 0;
    for (let i = 0; i < dim; i += 1) norm += mean[i] * mean[i];
    const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    for (let i = 0; i < dim; i += 1) mean[i] *= scale;
    return mean;
  }
}
