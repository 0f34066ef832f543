import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, derived from this file's place in it (harness/src/paths.ts); every other path starts here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CONFIG_PATH = path.join(REPO_ROOT, 'bench.config.json');
export const DEFAULT_RESULTS_DIR = path.join(REPO_ROOT, 'results');

/** Downloaded and generated things that are not source: corpus, stamps. Git-ignored. */
export const CACHE_DIR = process.env.RAG_BENCH_CACHE_DIR ?? path.join(REPO_ROOT, '.cache');

export const VENV_DIR = path.join(REPO_ROOT, 'python-baseline', '.venv');
export const VENV_PYTHON = path.join(VENV_DIR, 'bin', 'python');
export const DEFAULT_MODEL_DIR = path.join(REPO_ROOT, 'models', 'all-MiniLM-L6-v2');
export const RELEASE_DIR = path.join(process.env.CARGO_TARGET_DIR ?? path.join(REPO_ROOT, 'target'), 'release');
export const QDRANT_LOCAL_BIN = path.join(RELEASE_DIR, 'qdrant-local');
export const RUST_PIPELINE_BIN = path.join(RELEASE_DIR, 'rust-pipeline');
export const RUST_ORT_PIPELINE_BIN = path.join(RELEASE_DIR, 'rust-ort-pipeline');
/** The ONNX Runtime library onnxruntime-node ships; the rust-ort pipeline loads this very file. */
export const ONNXRUNTIME_NODE_LIBRARY = path.join(
  REPO_ROOT,
  'node_modules',
  'onnxruntime-node',
  'bin',
  'napi-v6',
  process.platform,
  process.arch,
  'libonnxruntime.so.1',
);
export const TS_PIPELINE_ENTRY = path.join(REPO_ROOT, 'ts-pipeline', 'dist', 'main.js');
export const DEFAULT_CORPUS_DIR = path.join(CACHE_DIR, 'corpus', 'python3.11-doc');
