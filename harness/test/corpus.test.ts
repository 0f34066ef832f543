import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byCodePoint, globToRegExp, listCorpus, takeSubset } from '../src/corpus/index.js';
import { TEST_CORPUS } from './helpers.js';

const expected = JSON.parse(readFileSync(path.join(TEST_CORPUS, '..', 'expected_chunks.json'), 'utf8')) as { globs: string[]; files: string[] };

describe('corpus resolution and the fixed subset', () => {
  it('matches globs as the harness defines them', () => {
    const re = globToRegExp('**/*.md');
    expect(re.test('a.md')).toBe(true);
    expect(re.test('x/y/a.md')).toBe(true);
    expect(re.test('a.mdx')).toBe(false);
    expect(globToRegExp('?.txt').test('ab.txt')).toBe(false);
  });

  it('lists matching files in code-point order, never dot names', () => {
    const files = listCorpus(TEST_CORPUS, ['**/*.txt', '**/*.md', '**/*.rst']).map((f) => f.path);
    expect(files).toContain('guide/nested/deep/notes.txt');
    expect(files.some((f) => f.includes('.hidden') || f.includes('.drafts'))).toBe(false);
    expect(files).not.toContain('data.json');
    expect([...files].sort(byCodePoint)).toEqual(files);
  });

  it('lists the test corpus exactly as expected_chunks.json (written by generate.py, the only other glob matcher)', () => {
    expect(listCorpus(TEST_CORPUS, expected.globs).map((f) => f.path)).toEqual(expected.files);
  });

  it('takes files in order while the cumulative bytes stay within the budget', () => {
    const files = [
      { path: 'a', bytes: 50 },
      { path: 'b', bytes: 40 },
      { path: 'c', bytes: 30 },
    ];
    expect(takeSubset(files, 100).map((f) => f.path)).toEqual(['a', 'b']);
    expect(takeSubset(files, 10).map((f) => f.path)).toEqual(['a']);
    expect(takeSubset(files, null)).toHaveLength(3);
  });
});
