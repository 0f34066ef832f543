import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../results/atomic.js';

/** sha256 over the contents of the given files: the cache key of a set-up step. */
export async function hashFiles(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/** True when the stamp file holds exactly `key`: the step's inputs have not changed since it last succeeded. */
export async function stampMatches(stampFile: string, key: string): Promise<boolean> {
  try {
    return (await readFile(stampFile, 'utf8')).trim() === key;
  } catch {
    return false;
  }
}

export async function writeStamp(stampFile: string, key: string): Promise<void> {
  writeFileAtomic(stampFile, `${key}\n`);
}
