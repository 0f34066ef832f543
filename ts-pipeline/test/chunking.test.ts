// Reading and chunking of the test corpus, held to pipelines/testdata/expected_chunks.json.
import { describe, expect, it } from 'vitest';
import { chunkDocuments, codePointLength, pythonStrip, PythonCompatibleSplitter } from '../src/chunking.js';
import { decodeCorpusFile, readCorpus } from '../src/corpus.js';
import { pointId } from '../src/ids.js';
import { TEST_CORPUS, readTestVector, type ExpectedChunks } from './helpers.js';

const expected = readTestVector<ExpectedChunks>('expected_chunks.json');

describe('corpus reading (contract rules 1-2)', () => {
  it('reads the documents and reports the binary file as skipped', () => {
    const corpus = readCorpus(TEST_CORPUS, expected.files);
    expect(corpus.documents.map((d) => d.source)).toEqual(expected.documents);
    expect(corpus.skipped).toEqual(expected.skipped_files);
  });

  it('keeps a BOM and turns CRLF and lone CR into LF', () => {
    const text = decodeCorpusFile(Buffer.from('\ufeffa\r\nb\rc\n', 'utf8'), 'x.txt');
    expect(text).toBe('\ufeffa\nb\nc\n');
  });

  it('rejects invalid UTF-8 naming the file', () => {
    expect(() => decodeCorpusFile(Buffer.from([0x61, 0xe9, 0x62]), 'dir/latin1.txt')).toThrow(/dir\/latin1\.txt is not valid UTF-8/);
  });

  it('takes a file with a NUL byte as binary', () => {
    expect(decodeCorpusFile(Buffer.from([0x61, 0x00, 0x62]), 'b.txt')).toBeNull();
  });
});

describe('chunking (contract rule 3)', () => {
  const corpus = readCorpus(TEST_CORPUS, expected.files);

  for (const setting of expected.settings) {
    it(`gives the expected chunks for chunk_size ${setting.chunk_size} / overlap ${setting.chunk_overlap}`, async () => {
      const chunks = await chunkDocuments(corpus.documents, setting);
      const actual = chunks.map((c) => ({ source: c.source, chunk_index: c.index, id: pointId(c.source, c.index), text: c.text }));
      expect(actual).toEqual(setting.chunks);
    });
  }

  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('a😀b')).toBe(3);
  });

  it("strips what Python's str.strip strips (a BOM stays, U+001C and U+0085 go)", () => {
    expect(pythonStrip(' \ufeffx \x1c\x85')).toBe('\ufeffx');
  });

  it('splits on non-overlapping separator matches, as re.split does', async () => {
    const splitter = new PythonCompatibleSplitter({ chunk_size: 4, chunk_overlap: 0, separators: ['\n\n', ''] });
    // Python: pieces "a", "\n\n\nb" -> chunks "a", "b". A look-ahead split would give "\n" + "\n\nb".
    expect(await splitter.splitText('a\n\n\nb')).toEqual(['a', 'b']);
  });

  it('keeps an over-long piece whole (unstripped, as Python) when no separator is left', async () => {
    const splitter = new PythonCompatibleSplitter({ chunk_size: 3, chunk_overlap: 0, separators: [' '] });
    // Python LangChain gives ['ab', ' abcdef']; LangChain.js would split ' abcdef' into characters.
    expect(await splitter.splitText('ab abcdef')).toEqual(['ab', ' abcdef']);
  });
});
