/**
 * The harness lists the corpus itself (contract rule 1), so a hostile corpus tree is its
 * problem first: a symlink loop (to itself, or a directory link back to an ancestor), a symlink
 * to nothing, an unreadable directory and a 60-level deep tree. Each loop or unreadable entry
 * is a CorpusError naming it (exit 2 through `npm run bench`, no stack trace); the deep tree is
 * listed whole. Before the fix the loops ended in a bare ELOOP from statSync.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusError, listCorpus } from '../src/corpus/index.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const dirs: string[] = [];
function corpus(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-hostile-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'docs'));
  writeFileSync(path.join(dir, 'docs', 'a.md'), 'text\n');
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

const refusal = (dir: string) => {
  try {
    listCorpus(dir, ['**/*.md']);
  } catch (err) {
    return err;
  }
  return null;
};

describe('listing a hostile corpus tree', () => {
  it('a directory symlink back to an ancestor is a CorpusError naming it', () => {
    const dir = corpus();
    symlinkSync('..', path.join(dir, 'docs', 'up'));
    const err = refusal(dir);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toBe(`corpus ${dir}: docs/up is a symlink loop (it leads back to a directory above it)`);
  });

  it('a symlink to itself and a symlink to nothing are CorpusErrors naming them', () => {
    const dir = corpus();
    symlinkSync('self.md', path.join(dir, 'self.md'));
    expect((refusal(dir) as Error).message).toBe(`corpus ${dir}: self.md is a symlink loop`);
    rmSync(path.join(dir, 'self.md'));
    symlinkSync('nowhere', path.join(dir, 'docs', 'gone.md'));
    expect((refusal(dir) as Error).message).toBe(`corpus ${dir}: docs/gone.md is a broken symlink`);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable directory is a CorpusError naming it (skipped as root, who reads anything)', () => {
    const dir = corpus();
    chmodSync(path.join(dir, 'docs'), 0o000);
    expect((refusal(dir) as Error).message).toBe(`corpus ${dir}: docs cannot be read (EACCES)`);
    chmodSync(path.join(dir, 'docs'), 0o700);
  });

  it('a symlink to a directory outside the tree is followed once; a 60-level tree is listed whole', () => {
    const dir = corpus();
    const outside = corpus();
    symlinkSync(path.join(outside, 'docs'), path.join(dir, 'linked'));
    const deep = Array.from({ length: 60 }, (_, i) => `d${i}`).join('/');
    mkdirSync(path.join(dir, deep), { recursive: true });
    writeFileSync(path.join(dir, deep, 'deep.md'), 'deep\n');
    expect(listCorpus(dir, ['**/*.md']).map((f) => f.path)).toEqual(['d0/' + deep.slice(3) + '/deep.md', 'docs/a.md', 'linked/a.md']);
  });

  it('through the real `npm run bench`: exit 2, the loop named, no stack trace', async () => {
    const dir = corpus();
    symlinkSync('..', path.join(dir, 'docs', 'up'));
    const config = writeTestConfig([fakePipeline('a')]);
    const { exitCode, stderr } = await runBenchCli(['--config', config, '--corpus', dir, '--no-setup', '--out', path.join(path.dirname(config), 'results')]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('docs/up is a symlink loop');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
