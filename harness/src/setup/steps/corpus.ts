import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CORPUS_DIR } from '../../paths.js';
import { runStepCommand, SetupError } from '../run-step-command.js';

const STEP = 'Default corpus';
const PACKAGE = 'python3.11-doc';
/** Inside the package: the reStructuredText sources of the Python 3.11 docs (~500 files, 12 MB). */
const SOURCES_IN_PACKAGE = path.join('usr', 'share', 'doc', 'python3.11', 'html', '_sources');
const NO_CORPUS_HINT = 'pass any directory of text or markdown files with `--corpus DIR` (for example a checkout of your own docs).';

/**
 * The default corpus: the Python 3.11 documentation sources from Debian's python3.11-doc
 * package, fetched with `apt-get download` (no root needed) and unpacked into the cache.
 * On a machine without apt, say so and how to pass a corpus.
 */
export async function ensureDefaultCorpus(report: (line: string) => void): Promise<string> {
  if (existsSync(path.join(DEFAULT_CORPUS_DIR, 'contents.rst.txt'))) return DEFAULT_CORPUS_DIR;
  if (!existsSync('/usr/bin/apt-get') || !existsSync('/usr/bin/dpkg-deb')) {
    throw new SetupError(STEP, `this machine has no apt-get/dpkg-deb to fetch Debian's ${PACKAGE}.`, NO_CORPUS_HINT);
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'rag-bench-corpus-'));
  try {
    report(`apt-get download ${PACKAGE}`);
    await downloadPackage(work, report);
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (!deb) throw new SetupError(STEP, `apt-get download produced no .deb in ${work}.`, NO_CORPUS_HINT);
    report(`unpacking ${deb}`);
    await runStepCommand({ step: STEP, file: 'dpkg-deb', args: ['-x', path.join(work, deb), path.join(work, 'root')], hint: NO_CORPUS_HINT });
    await mkdir(path.dirname(DEFAULT_CORPUS_DIR), { recursive: true });
    await rm(DEFAULT_CORPUS_DIR, { recursive: true, force: true });
    await rename(path.join(work, 'root', SOURCES_IN_PACKAGE), DEFAULT_CORPUS_DIR);
    return DEFAULT_CORPUS_DIR;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function downloadPackage(dir: string, report: (line: string) => void): Promise<void> {
  const download = () => runStepCommand({ step: STEP, file: 'apt-get', args: ['download', PACKAGE], cwd: dir, hint: NO_CORPUS_HINT, onLine: report });
  try {
    await download();
  } catch {
    // A fresh machine may have no package lists yet; as root we can fetch them once and retry.
    if (process.getuid?.() !== 0) {
      throw new SetupError(STEP, `apt-get download ${PACKAGE} failed (package lists missing?).`, `run \`sudo apt-get update\` once, or ${NO_CORPUS_HINT}`);
    }
    report('package lists missing: apt-get update');
    await runStepCommand({ step: STEP, file: 'apt-get', args: ['update'], hint: NO_CORPUS_HINT, onLine: report });
    await download();
  }
}
