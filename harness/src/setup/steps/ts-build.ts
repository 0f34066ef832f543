import path from 'node:path';
import { REPO_ROOT } from '../../paths.js';
import { runStepCommand } from '../run-step-command.js';

/** Compiles ts-pipeline to JavaScript (tsc, incremental), so the bench times node, not a transpiler. */
export async function buildTsPipeline(report: (line: string) => void): Promise<void> {
  await runStepCommand({
    step: 'TypeScript pipeline build',
    file: process.execPath,
    args: [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(REPO_ROOT, 'ts-pipeline', 'tsconfig.json')],
    cwd: REPO_ROOT,
    hint: 'run `npm ci` at the repository root first; then fix the compile errors shown above.',
    onLine: report,
  });
}
