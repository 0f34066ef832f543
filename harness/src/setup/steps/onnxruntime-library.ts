import { existsSync } from 'node:fs';
import path from 'node:path';
import { ONNXRUNTIME_NODE_LIBRARY, REPO_ROOT } from '../../paths.js';

/**
 * Why the rust-ort pipeline cannot run here, or null when it can. It builds with the workspace
 * but loads ONNX Runtime at run time: the library `ORT_DYLIB_PATH` names, else the one
 * onnxruntime-node ships (the TypeScript pipeline's own, which exists for linux x64 after
 * `npm ci`). Without it every run would fail, so the bench leaves the pipeline out with this line.
 */
export function onnxRuntimeLibraryProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.ORT_DYLIB_PATH;
  if (named) return existsSync(named) ? null : `ORT_DYLIB_PATH names ${named}, which does not exist`;
  if (existsSync(ONNXRUNTIME_NODE_LIBRARY)) return null;
  return `${path.relative(REPO_ROOT, ONNXRUNTIME_NODE_LIBRARY)} (onnxruntime-node's ONNX Runtime, which it loads) is missing: run \`npm ci\` on linux x64, or set ORT_DYLIB_PATH`;
}
