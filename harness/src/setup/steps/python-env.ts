import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, VENV_DIR, VENV_PYTHON } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';
import { hashFiles, stampMatches, writeStamp } from './stamp.js';

const STEP = 'Python environment';
const LOCK = path.join(REPO_ROOT, 'python-baseline', 'requirements.lock');
const PYPROJECT = path.join(REPO_ROOT, 'python-baseline', 'pyproject.toml');
const STAMP = path.join(VENV_DIR, '.rag-bench-stamp');

/**
 * Creates python-baseline/.venv from the pinned lock and installs the baseline package.
 * Cached: skipped while the lock and pyproject are unchanged. pip honours the user's own
 * settings (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, pip.conf), e.g. a CPU-only torch index.
 */
export async function ensurePythonEnv(report: (line: string) => void): Promise<'cached' | 'built'> {
  const key = await hashFiles([LOCK, PYPROJECT]);
  if (existsSync(VENV_PYTHON) && (await stampMatches(STAMP, key))) return 'cached';
  const hint =
    'check that python3 (3.11) with the venv module is installed and PyPI is reachable; torch is large (~6 GB with its CUDA libraries), so also check free disk. Re-run `npm run setup` to resume (pip keeps its download cache).';
  if (!existsSync(VENV_PYTHON)) {
    report('creating python-baseline/.venv');
    await runStepCommand({ step: STEP, file: 'python3', args: ['-m', 'venv', VENV_DIR], hint, onLine: report });
  }
  report('installing pinned requirements (first time: several minutes, torch is ~6 GB)');
  await runStepCommand({
    step: STEP,
    file: VENV_PYTHON,
    args: ['-m', 'pip', 'install', '--progress-bar', 'off', '-r', LOCK],
    hint,
    onLine: report,
  });
  await runStepCommand({
    step: STEP,
    file: VENV_PYTHON,
    args: ['-m', 'pip', 'install', '--no-deps', '-e', path.join(REPO_ROOT, 'python-baseline')],
    hint,
    onLine: report,
  });
  await writeStamp(STAMP, key);
  return 'built';
}
