// The tokenize job (pipelines/README.md, "The tokenize job") as the harness runs it: the
// contract vector every built-in pipeline holds (the same numbers in the Python and Rust tests),
// the growth rule, and a workload without its settings.
import { beforeAll, describe, expect, it } from 'vitest';
import { grow } from '../src/tokenize.js';
import { MODEL_DIR, TEST_CORPUS, buildPipeline, errorEvent, runWorkload, testWorkload } from './helpers.js';

const VECTOR_FILES = ['long_paragraph.txt', 'unicode.md', 'windows_crlf.txt', 'bom.txt', 'guide/faq.md', 'guide/binary_blob.txt'];

function tokenizeWorkload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return testWorkload({
    corpus: { dir: TEST_CORPUS, files: VECTOR_FILES },
    model: { dir: MODEL_DIR },
    embed_batch_size: 4,
    job: 'tokenize',
    tokenize: { target_bytes: 20000 },
    ...overrides,
  });
}

beforeAll(() => buildPipeline());

describe('the tokenize job', () => {
  it('meets the contract vector: the grown corpus, both passes and the untruncated count', async () => {
    const run = await runWorkload(tokenizeWorkload());
    expect(run.code, run.stderr).toBe(0);
    expect(run.strayStdout).toEqual([]);
    const done = run.events.at(-1)!;
    expect(done.event).toBe('done');
    expect({ documents: done.documents, bytes: done.bytes, tokens: done.tokens, tokens_untruncated: done.tokens_untruncated }).toEqual({
      documents: 21,
      bytes: 20020,
      tokens: 2888,
      tokens_untruncated: 2903,
    });
    expect(done.skipped_files).toEqual([{ path: 'guide/binary_blob.txt', reason: 'binary' }]);
    for (const stage of ['tokenize_batched', 'tokenize_single']) {
      const end = run.events.find((e) => e.event === 'end' && e.stage === stage)!;
      expect([end.documents, end.bytes, end.tokens]).toEqual([21, 20020, 2888]);
      expect(end.busy_ms).toBeGreaterThan(0);
    }
  }, 60_000);

  it('grows the corpus by whole documents in order until the target (UTF-8 bytes)', () => {
    expect(grow([2, 3], 1)).toEqual([0]);
    expect(grow([2, 3], 5)).toEqual([0, 1]);
    expect(grow([2, 3], 6)).toEqual([0, 1, 0]);
    expect(grow([0, 0], 10)).toEqual([]);
  });

  it('without its settings: an error naming the field', async () => {
    const { tokenize: _tokenize, ...workload } = tokenizeWorkload();
    const run = await runWorkload(workload);
    expect(run.code).not.toBe(0);
    expect(errorEvent(run).message).toMatch(/tokenize is required/);
  }, 60_000);
});
