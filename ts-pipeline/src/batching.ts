// Rule 6: batching as LangChain's add_documents + sentence-transformers' encode do it.
import { codePointLength } from './chunking.js';
import type { Embedder } from './model.js';
import { nowMs } from './protocol.js';

/** Consecutive groups of `size` items (the last one may be shorter). */
export function groupsOf<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}

/** Indices of texts ordered by code-point length, longest first; ties keep their order. */
export function longestFirstOrder(texts: string[]): number[] {
  const lengths = texts.map(codePointLength);
  return texts.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
}

/** Told of each forward pass once it ended: its texts, non-padding tokens and ms (tokenizer to normalised vectors). */
export type PassListener = (size: number, tokens: number, ms: number) => void;

/**
 * Embeds one group: longest texts first (less padding), `batchSize` texts per forward pass,
 * vectors returned in the group's own order; `onPass` hears of each pass (the `batch` events).
 */
export async function embedGroup(
  embedder: Embedder,
  texts: string[],
  batchSize: number,
  onPass?: PassListener,
): Promise<{ vectors: Float32Array[]; tokens: number }> {
  const order = longestFirstOrder(texts);
  const vectors = new Array<Float32Array>(texts.length);
  let tokens = 0;
  for (const batch of groupsOf(order, batchSize)) {
    const started = nowMs();
    const result = await embedder.embed(batch.map((i) => texts[i]));
    onPass?.(batch.length, result.tokens, nowMs() - started);
    for (const [k, original] of batch.entries()) vectors[original] = result.vectors[k];
    tokens += result.tokens;
  }
  return { vectors, tokens };
}
