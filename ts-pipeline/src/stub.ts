// Rule 8: the deterministic hash embedding of stub mode (no model, no tokens).
import { createHash } from 'node:crypto';
import type { EmbeddedBatch, Embedder } from './model.js';

/** SHA-256 of (text || k as u32 big-endian), k = 0, 1, ...; words mapped to [-1, 1); L2-normalised in float64. */
export function stubVector(text: string, dimension: number): Float32Array {
  const bytes = Buffer.from(text, 'utf8');
  const values = new Float64Array(dimension);
  const counter = Buffer.alloc(4);
  for (let k = 0, filled = 0; filled < dimension; k += 1) {
    counter.writeUInt32BE(k);
    const digest = createHash('sha256').update(bytes).update(counter).digest();
    for (let word = 0; word < 8 && filled < dimension; word += 1) {
      values[filled++] = (digest.readUInt32BE(word * 4) / 2 ** 32) * 2 - 1;
    }
  }
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm);
  return Float32Array.from(values, (value) => value / norm);
}

export class StubEmbedder implements Embedder {
  constructor(readonly dimension = 384) {}

  async embed(texts: string[]): Promise<EmbeddedBatch> {
    return { vectors: texts.map((text) => stubVector(text, this.dimension)), tokens: 0 };
  }
}
