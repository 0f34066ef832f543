import { describe, expect, it } from 'vitest';
import { chunkHash, sameTop10, sampleIds } from '../src/verify/equivalence.js';
import { plainVector } from '../src/store/collections.js';
import { cosine } from '../src/verify/vectors.js';

describe('equivalence proof helpers', () => {
  it('reads a vector as a plain array or as LangChain\'s named "" vector', () => {
    expect(plainVector([1, 2])).toEqual([1, 2]);
    expect(plainVector({ '': [3, 4] })).toEqual([3, 4]);
    expect(plainVector({ dense: [5] })).toEqual([5]);
    expect(plainVector(null)).toBeNull();
  });
  it('cosine of equal directions is 1, of orthogonal ones 0', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 1])).toBe(0);
  });
  it('the chunk hash ignores order (of points and of payload keys) but not content, metadata included', () => {
    const payload = (text: string, source = 'a.md', chunk_index = 0) => ({ page_content: text, metadata: { source, chunk_index } });
    const a = { id: '1', payload: payload('x'), vector: [] };
    const b = { id: '2', payload: payload('y', 'a.md', 1), vector: [] };
    expect(chunkHash([a, b])).toBe(chunkHash([b, a]));
    expect(chunkHash([a, b])).toBe(chunkHash([a, { ...b, payload: { metadata: { chunk_index: 1, source: 'a.md' }, page_content: 'y' } }]));
    expect(chunkHash([a, b])).not.toBe(chunkHash([a, { ...b, payload: payload('z', 'a.md', 1) }]));
    expect(chunkHash([a, b])).not.toBe(chunkHash([a, { ...b, payload: payload('y', 'b.md', 1) }]));
    expect(chunkHash([a, b])).not.toBe(chunkHash([a, { ...b, payload: payload('y', 'a.md', 2) }]));
  });
  it('samples evenly spaced ids', () => {
    expect(sampleIds(['d', 'a', 'c', 'b'], 2)).toEqual(['a', 'c']);
    expect(sampleIds(['b', 'a'], 5)).toEqual(['a', 'b']);
  });

  it('top-10 agree as sets; only a tie at the last place may differ', () => {
    const h = (id: string, score: number) => ({ id, score });
    expect(sameTop10([h('a', 0.9), h('b', 0.8)], [h('b', 0.8), h('a', 0.9)])).toBe(true);
    expect(sameTop10([h('a', 0.9), h('b', 0.8)], [h('a', 0.9), h('c', 0.8)])).toBe(true); // tie at the boundary
    expect(sameTop10([h('a', 0.9), h('b', 0.8)], [h('a', 0.9), h('c', 0.5)])).toBe(false);
    expect(sameTop10([h('a', 0.9), h('b', 0.8)], [h('c', 0.9), h('b', 0.8)])).toBe(false);
  });
});
