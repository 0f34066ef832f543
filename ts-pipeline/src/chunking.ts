// Rule 3: LangChain's RecursiveCharacterTextSplitter, behaving exactly as the Python original.
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { SourceDocument } from './corpus.js';

export interface Chunk {
  source: string;
  /** Position within its document, from 0. */
  index: number;
  text: string;
}

export interface ChunkingSettings {
  chunk_size: number;
  chunk_overlap: number;
  separators: string[];
}

/** Python's len(): code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

// Python's str.strip() removes exactly the characters for which str.isspace() is true. JS trim()
// differs: it also removes U+FEFF (a leading BOM must stay) and keeps U+001C-U+001F and U+0085.
const PY_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WHITESPACE}]+|[${PY_WHITESPACE}]+$`, 'g');

export function pythonStrip(text: string): string {
  return text.replace(PY_STRIP, '');
}

/**
 * The LangChain.js splitter (its recursion and separator choice), with the two steps where
 * LangChain.js and Python LangChain disagree replaced by Python's behaviour:
 *
 * - splitting: Python splits with re.split on non-overlapping matches ("\n\n\n" on "\n\n" gives
 *   one piece "\n\n\n..."; LangChain.js's look-ahead split gives "\n" + "\n\n..."), and splits
 *   on "" into code points (LangChain.js into UTF-16 units, breaking surrogate pairs);
 * - merging: Python strips with str.strip() (see PY_WHITESPACE).
 */
export class PythonCompatibleSplitter extends RecursiveCharacterTextSplitter {
  constructor(settings: ChunkingSettings) {
    super({
      chunkSize: settings.chunk_size,
      chunkOverlap: settings.chunk_overlap,
      separators: settings.separators,
      keepSeparator: true,
      lengthFunction: codePointLength,
    });
  }

  /** Python `_split_text_with_regex(keep_separator=True)` for a literal separator. */
  protected override splitOnSeparator(text: string, separator: string | undefined): string[] {
    // LangChain.js recurses with an empty list when the last separator is not "" (the separator
    // is then undefined); Python keeps such an over-long piece whole, and so do we.
    if (separator === undefined) return text ? [text] : [];
    if (separator === '') return Array.from(text);
    const pieces: string[] = [];
    let pieceStart = 0;
    for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + separator.length)) {
      pieces.push(text.slice(pieceStart, at)); // the separator starts the following piece
      pieceStart = at;
    }
    pieces.push(text.slice(pieceStart));
    return pieces.filter((piece) => piece !== '');
  }

  /** Python `TextSplitter._merge_splits` with `_join_docs(strip_whitespace=True)`. */
  override async mergeSplits(splits: string[], separator: string): Promise<string[]> {
    const separatorLength = codePointLength(separator);
    const docs: string[] = [];
    let current: string[] = [];
    let total = 0;
    const join = (pieces: string[]) => {
      const text = pythonStrip(pieces.join(separator));
      if (text) docs.push(text);
    };
    for (const piece of splits) {
      const length = codePointLength(piece);
      const wouldBe = () => total + length + (current.length > 0 ? separatorLength : 0);
      if (wouldBe() > this.chunkSize && current.length > 0) {
        join(current);
        while (total > this.chunkOverlap || (wouldBe() > this.chunkSize && total > 0)) {
          total -= codePointLength(current[0]) + (current.length > 1 ? separatorLength : 0);
          current = current.slice(1);
        }
      }
      current.push(piece);
      total += length + (current.length > 1 ? separatorLength : 0);
    }
    join(current);
    return docs;
  }
}

/** Splits each document on its own; chunk_index counts from 0 within each document. */
export async function chunkDocuments(documents: SourceDocument[], settings: ChunkingSettings): Promise<Chunk[]> {
  const splitter = new PythonCompatibleSplitter(settings);
  const chunks: Chunk[] = [];
  for (const document of documents) {
    const texts = await splitter.splitText(document.text);
    for (const [index, text] of texts.entries()) chunks.push({ source: document.source, index, text });
  }
  return chunks;
}
