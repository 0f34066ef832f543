// Rules 1 and 2 of the contract: the listed files, in their order, and how they are read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError, describeError } from './protocol.js';

export interface SourceDocument {
  /** Path relative to the corpus directory, '/'-separated: the `source` of every chunk. */
  source: string;
  text: string;
}

export interface SkippedFile {
  path: string;
  reason: 'binary';
}

export interface Corpus {
  documents: SourceDocument[];
  skipped: SkippedFile[];
  bytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // ignoreBOM: a BOM stays in the text

/** Rule 2: NUL => binary (skipped), otherwise strict UTF-8 with CRLF / CR turned into LF. */
export function decodeCorpusFile(bytes: Uint8Array, path: string): string | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new PipelineError('read', `corpus file ${path} is not valid UTF-8`, { cause: error });
  }
  return text.replace(/\r\n?/g, '\n');
}

export function readCorpus(dir: string, files: string[]): Corpus {
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  let bytes = 0;
  for (const source of files) {
    const path = join(dir, source);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (error) {
      throw new PipelineError('read', `corpus file ${path} cannot be read: ${describeError(error)}`, { cause: error });
    }
    const text = decodeCorpusFile(content, path);
    if (text === null) {
      skipped.push({ path: source, reason: 'binary' });
      continue;
    }
    bytes += content.length;
    documents.push({ source, text });
  }
  if (documents.length === 0) {
    throw new PipelineError('read', `corpus ${dir} has no readable text files`);
  }
  return { documents, skipped, bytes };
}
