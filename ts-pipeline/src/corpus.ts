// Rules 1 and 2 of the contract: which files, in which order, and how they are read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Compiles a corpus glob: '**' + '/' matches zero or more directories, '*' any run of
 * characters within a segment, '?' one character. Dot-names never reach the matcher
 * (the directory walk skips them).
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; ) {
    if (glob.startsWith('**/', i)) {
      pattern += '(?:[^/]+/)*';
      i += 3;
    } else if (glob.startsWith('**', i)) {
      pattern += '.*';
      i += 2;
    } else if (glob[i] === '*') {
      pattern += '[^/]*';
      i += 1;
    } else if (glob[i] === '?') {
      pattern += '[^/]';
      i += 1;
    } else {
      const char = String.fromCodePoint(glob.codePointAt(i)!);
      pattern += escapeRegExp(char);
      i += char.length;
    }
  }
  // 'u': '?' and '[^/]' then match one code point, not one UTF-16 unit.
  return new RegExp(`^${pattern}$`, 'u');
}

/** Every regular file under dir (following symlinks), as '/'-separated relative paths. */
function walk(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(dir, relative)).isDirectory());
    if (isDir) found.push(...walk(dir, relative));
    else if (entry.isFile() || entry.isSymbolicLink()) found.push(relative);
  }
  return found;
}

/** Orders strings by Unicode code point (= UTF-8 byte order), unlike JS's UTF-16 default. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Rule 1: the explicit list as given, else the glob matches sorted by code point. */
export function listCorpusFiles(dir: string, files: string[] | undefined, globs: string[]): string[] {
  if (files) return files;
  let all: string[];
  try {
    all = walk(dir);
  } catch (error) {
    throw new PipelineError('read', `corpus: cannot list directory ${dir}: ${describeError(error)}`, { cause: error });
  }
  const matchers = globs.map(globToRegExp);
  return all.filter((path) => matchers.some((m) => m.test(path))).sort(compareCodePoints);
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
