import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, REPO_ROOT, VENV_DIR, VENV_PYTHON } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';
import { hashFiles, stampMatches, writeStamp } from './stamp.js';

const STEP = 'python-rust-ext wheel';
const CRATE = path.join(REPO_ROOT, 'python-rust-ext');
const WHEEL_DIR = path.join(CACHE_DIR, 'wheels', 'python-rust-ext');
const STAMP = path.join(VENV_DIR, '.rag-rust-ext-stamp');

/** Every file the wheel is built from: the extension crate, the splitter it reuses, the workspace manifest (profile) and the lockfile. */
function sources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? walk(full) : [full];
    });
  return [
    path.join(REPO_ROOT, 'Cargo.lock'),
    path.join(CRATE, 'Cargo.toml'),
    path.join(CRATE, 'pyproject.toml'),
    ...walk(path.join(CRATE, 'src')),
    path.join(REPO_ROOT, 'Cargo.toml'),
    path.join(REPO_ROOT, 'rust-core', 'splitter', 'Cargo.toml'),
    ...walk(path.join(REPO_ROOT, 'rust-core', 'splitter', 'src')),
  ].sort();
}

/**
 * Builds the rag_rust_ext wheel with the venv's own maturin (pinned in requirements.lock) and
 * installs it into the venv, so the `python-rust-ext` pipeline and its tests can import it.
 * Cached: skipped while its sources are unchanged. Needs the venv (run after ensurePythonEnv).
 */
export async function ensurePythonRustExt(report: (line: string) => void): Promise<'cached' | 'built'> {
  const key = await hashFiles(sources());
  if (await stampMatches(STAMP, key)) return 'cached';
  const hint = 'check that cargo and rustc 1.95+ are installed and crates.io is reachable; maturin comes from python-baseline/requirements.lock.';
  rmSync(WHEEL_DIR, { recursive: true, force: true });
  report('building the rag_rust_ext wheel (maturin, release)');
  await runStepCommand({
    step: STEP,
    file: path.join(VENV_DIR, 'bin', 'maturin'),
    args: ['build', '--release', '--locked', '-m', path.join(CRATE, 'Cargo.toml'), '-o', WHEEL_DIR, '-i', VENV_PYTHON],
    hint,
    onLine: report,
  });
  const wheels = existsSync(WHEEL_DIR) ? readdirSync(WHEEL_DIR).filter((f) => f.endsWith('.whl')) : [];
  if (wheels.length !== 1) throw new Error(`${STEP}: expected one wheel in ${WHEEL_DIR}, found ${wheels.length}`);
  await runStepCommand({
    step: STEP,
    file: VENV_PYTHON,
    args: ['-m', 'pip', 'install', '--no-deps', '--force-reinstall', path.join(WHEEL_DIR, wheels[0])],
    hint,
    onLine: report,
  });
  await writeStamp(STAMP, key);
  return 'built';
}
