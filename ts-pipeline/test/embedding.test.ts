// The model (token ids, embeddings) on both ONNX Runtime builds and the stub embedding against the
// contract's test vectors.
import { beforeAll, describe, expect, it } from 'vitest';
import { embedGroup, groupsOf, longestFirstOrder } from '../src/batching.js';
import { nodeEngine } from '../src/engine-node.js';
import { wasmEngine } from '../src/engine-wasm.js';
import type { EmbeddedBatch, Embedder } from '../src/model.js';
import { OnnxSentenceEmbedder } from '../src/model.js';
import { stubVector } from '../src/stub.js';
import { MIN_COSINE, MODEL_DIR, cosine, readTestVector } from './helpers.js';

interface Sentences<T> {
  sentences: T[];
}

describe.each([nodeEngine, wasmEngine])('model on $library (contract rule 7)', (engine) => {
  let embedder: OnnxSentenceEmbedder;
  beforeAll(async () => {
    embedder = await OnnxSentenceEmbedder.load(engine, MODEL_DIR, 2);
  }, 120_000);

  it('truncates at max_seq_length of sentence_bert_config.json, not tokenizer.json', () => {
    expect(embedder.tokenizer.maxLength).toBe(256);
  });

  it('tokenises every sentence exactly as sentence-transformers', () => {
    const { sentences } = readTestVector<Sentences<{ text: string; ids: number[] }>>('tokens.json');
    expect(sentences.some((s) => s.ids.length > 128)).toBe(true); // the vectors cover the 128-token trap
    for (const sentence of sentences) {
      expect(embedder.tokenizer.encode(sentence.text), JSON.stringify(sentence.text).slice(0, 60)).toEqual(sentence.ids);
    }
  });

  it('embeds every sentence with cosine >= 0.999 to sentence-transformers, in one padded batch', async () => {
    const { sentences } = readTestVector<Sentences<{ text: string; embedding: number[] }>>('embeddings.json');
    const { vectors } = await embedder.embed(sentences.map((s) => s.text));
    sentences.forEach((sentence, i) => {
      expect(vectors[i]).toHaveLength(384);
      expect(cosine(vectors[i], sentence.embedding), JSON.stringify(sentence.text).slice(0, 60)).toBeGreaterThanOrEqual(MIN_COSINE);
    });
  });

  it('counts the non-padding tokens', async () => {
    const texts = ['short', 'a somewhat longer sentence than the first'];
    const expected = texts.reduce((sum, t) => sum + embedder.tokenizer.encode(t).length, 0);
    expect((await embedder.embed(texts)).tokens).toBe(expected);
  });
});

describe('stub embedding (contract rule 8)', () => {
  it('equals stub_embeddings.json', () => {
    const { texts } = readTestVector<{ texts: { text: string; embedding: number[] }[] }>('stub_embeddings.json');
    for (const { text, embedding } of texts) {
      const vector = stubVector(text, 384);
      for (const [i, value] of embedding.entries()) expect(Math.abs(vector[i] - value)).toBeLessThan(1e-6);
    }
  });
});

describe('batching (contract rule 6)', () => {
  /** Test double: records each forward pass and returns vectors that identify their text. */
  class RecordingEmbedderDouble implements Embedder {
    readonly dimension = 1;
    readonly passes: string[][] = [];
    async embed(texts: string[]): Promise<EmbeddedBatch> {
      this.passes.push(texts);
      return { vectors: texts.map((t) => Float32Array.of(t.length)), tokens: texts.length };
    }
  }

  it('groups consecutive items', () => {
    expect(groupsOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('orders by code-point length, longest first, ties stable', () => {
    expect(longestFirstOrder(['bb', '😀😀😀', 'aa', 'cccc'])).toEqual([3, 1, 0, 2]);
  });

  it('embeds longest first in batches and returns vectors in the original order', async () => {
    const double = new RecordingEmbedderDouble();
    const texts = ['a', 'ccc', 'bb', 'dddd', 'e'];
    const { vectors, tokens } = await embedGroup(double, texts, 2);
    expect(double.passes).toEqual([['dddd', 'ccc'], ['bb', 'a'], ['e']]);
    expect(vectors.map((v) => v[0])).toEqual([1, 3, 2, 4, 1]);
    expect(tokens).toBe(5);
  });
});
