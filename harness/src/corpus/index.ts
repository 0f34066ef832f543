import { type Stats, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SubsetName } from '../config/types.js';
import type { WorkloadSettings } from '../types.js';

/**
 * Resolves the corpus: the config's globs (the project's one glob matcher; pipelines never list
 * a directory), then the fixed, documented subset: all matching files sorted by path (UTF-8
 * byte order), taken from the start while the cumulative size stays within the byte budget (at
 * least one file). The harness passes the resulting file list to every pipeline
 * (`corpus.files`, required by pipelines/workload.schema.json), so all read exactly the same files.
 */

export class CorpusError extends Error {}

/**
 * '**\/' = zero or more directories, '*' = any run within one segment (so a bare '**' is the
 * same as '*'), '?' = one character; matched against the whole '/'-separated relative path.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:[^/]+/)*';
      i += 2;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

/** Sort by Unicode code point (= UTF-8 byte order), as the pipelines do. */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export interface CorpusFile {
  path: string; // relative, '/' separators
  bytes: number;
}

/** What the listing could not read, as a CorpusError naming the entry (never a bare fs error). */
function readable<T>(dir: string, rel: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    const why = code === 'ELOOP' ? 'is a symlink loop' : code === 'ENOENT' ? 'is a broken symlink' : `cannot be read (${code ?? message})`;
    throw new CorpusError(`corpus ${dir}: ${rel || '.'} ${why}`);
  }
}

/**
 * Every regular file under dir matching a glob; names starting with '.' are never matched.
 * Symlinks are followed, but a directory that leads back to one above it (a symlink loop), a
 * symlink to nothing and an unreadable directory are CorpusErrors naming the entry.
 */
export function listCorpus(dir: string, globs: string[]): CorpusFile[] {
  const patterns = globs.map(globToRegExp);
  const out: CorpusFile[] = [];
  const above = new Set<string>(); // real paths of the directories being walked
  const walk = (rel: string) => {
    const here = path.join(dir, rel);
    const real = readable(dir, rel, () => realpathSync(here));
    if (above.has(real)) throw new CorpusError(`corpus ${dir}: ${rel} is a symlink loop (it leads back to a directory above it)`);
    above.add(real);
    for (const entry of readable(dir, rel, () => readdirSync(here, { withFileTypes: true }))) {
      if (entry.name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, relPath);
      const stat = entry.isSymbolicLink() ? readable(dir, relPath, () => statSync(full)) : null;
      if (entry.isDirectory() || stat?.isDirectory()) walk(relPath);
      else if ((entry.isFile() || stat?.isFile()) && patterns.some((p) => p.test(relPath))) {
        out.push({ path: relPath, bytes: (stat ?? statSync(full)).size });
      }
    }
    above.delete(real);
  };
  walk('');
  return out.sort((a, b) => byCodePoint(a.path, b.path));
}

/** Files in path order while the cumulative bytes stay <= budget (always at least the first). */
export function takeSubset(files: CorpusFile[], budgetBytes: number | null): CorpusFile[] {
  if (budgetBytes === null) return files;
  const out: CorpusFile[] = [];
  let total = 0;
  for (const f of files) {
    if (out.length > 0 && total + f.bytes > budgetBytes) break;
    out.push(f);
    total += f.bytes;
  }
  return out;
}

export function describeSubset(subset: SubsetName, budgetBytes: number | null): string {
  return budgetBytes === null ? `${subset}: every matching file` : `${subset}: files in path order while cumulative size <= ${budgetBytes} bytes`;
}

/** The corpus part of the workload settings. */
export function resolveCorpus(dir: string, globs: string[], subset: SubsetName, budgetBytes: number | null): WorkloadSettings['corpus'] {
  let stat: Stats;
  try {
    stat = statSync(dir);
  } catch {
    throw new CorpusError(`corpus directory not found: ${dir}`);
  }
  if (!stat.isDirectory()) throw new CorpusError(`corpus path is not a directory: ${dir}`);
  const all = listCorpus(dir, globs);
  if (all.length === 0) throw new CorpusError(`corpus ${dir} has no files matching ${globs.join(', ')}`);
  const files = takeSubset(all, budgetBytes);
  return {
    dir,
    files: files.map((f) => f.path),
    totalFiles: all.length,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    subset: describeSubset(subset, budgetBytes),
  };
}
