/**
 * Set-up leaves the working tree as it found it: everything it writes inside the checkout is
 * ignored by git, so `git status` (and `bench:check --same-machine`, which compares HEAD with
 * the working tree) sees no build output. The e2e bench test checks the same from the other
 * side: `git status` is the same before and after set-up plus a bench.
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CACHE_DIR, DEFAULT_MODEL_DIR, DEFAULT_RESULTS_DIR, REPO_ROOT, TS_PIPELINE_ENTRY, VENV_DIR } from '../src/paths.js';

/** What set-up and a bench write, wherever it lands inside the checkout. */
const OUTPUTS = [
  VENV_DIR,
  path.join(REPO_ROOT, 'python-baseline/src/rag_baseline.egg-info'),
  DEFAULT_MODEL_DIR,
  CACHE_DIR,
  path.dirname(TS_PIPELINE_ENTRY),
  path.join(REPO_ROOT, 'target'), // the build's target dir, or the symlink to it
  path.join(DEFAULT_RESULTS_DIR, 'latest'),
  path.join(REPO_ROOT, 'node_modules'),
].filter((p) => p.startsWith(REPO_ROOT + path.sep));

const isSymlink = (p: string) => existsSync(p) && lstatSync(p).isSymbolicLink();

/** The paths git does not ignore (`git check-ignore` prints the ignored ones). */
async function notIgnored(paths: string[]): Promise<string[]> {
  // all of them are directories: a trailing slash lets dir-only patterns (`/models/`) match paths
  // not created yet, but git refuses it on a symlink (target/ is one when CARGO_TARGET_DIR is set)
  const rel = paths.map((p) => path.relative(REPO_ROOT, p) + (isSymlink(p) ? '' : '/'));
  const r = await execa('git', ['check-ignore', '--', ...rel], { cwd: REPO_ROOT, reject: false });
  const ignored = new Set(r.stdout.split('\n').filter(Boolean));
  return rel.filter((p) => !ignored.has(p));
}

describe('set-up and the bench write nothing git tracks', () => {
  it('every output path inside the checkout is git-ignored, whether or not it exists yet', async () => {
    expect(OUTPUTS.length).toBeGreaterThan(5);
    expect(await notIgnored(OUTPUTS)).toEqual([]);
  });

  it('no file set-up has written shows up in git status', async () => {
    const status = await execa('git', ['status', '--porcelain=v1', '--untracked-files=all', '--', ...OUTPUTS.filter(existsSync)], { cwd: REPO_ROOT });
    expect(status.stdout).toBe('');
  });
});
