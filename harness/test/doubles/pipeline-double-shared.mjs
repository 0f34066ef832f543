/**
 * TEST DOUBLE support: what the pipeline doubles (fake-pipeline.mjs, the index double, and
 * query-double-pipeline.mjs) both need to speak pipelines/README.md's protocol: the clock, one
 * event a line on stdout, and rule 8's stub embedding. Not part of any measured pipeline.
 */
import { createHash } from 'node:crypto';

/** Milliseconds on a monotonic clock, as the events' t_ms. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** One protocol event, one JSON line on stdout. */
export const emit = (event, fields = {}) => process.stdout.write(`${JSON.stringify({ event, t_ms: now(), ...fields })}\n`);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rule 8's stub embedding: SHA-256 words of the text, mapped to [-1, 1], L2-normalised. */
export function stubEmbedding(text, dim = 384) {
  const bytes = Buffer.from(text, 'utf8');
  const words = [];
  for (let k = 0; words.length < dim; k++) {
    const kb = Buffer.alloc(4);
    kb.writeUInt32BE(k);
    const h = createHash('sha256').update(bytes).update(kb).digest();
    for (let i = 0; i < 8 && words.length < dim; i++) words.push(h.readUInt32BE(i * 4));
  }
  const x = words.map((w) => (w / 2 ** 32) * 2 - 1);
  const norm = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
  return x.map((v) => Math.fround(v / norm));
}
