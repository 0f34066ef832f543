// ONNX Runtime compiled to WebAssembly (onnxruntime-web's Node build), run from the .wasm files
// the npm package ships: nothing is fetched at run time. Threads are Emscripten pthreads on
// worker_threads; the WASM module is instantiated by the process's first session, so that
// session's thread count holds for the process.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as ort from 'onnxruntime-web';
import type { OnnxEngine } from './model.js';

const require = createRequire(import.meta.url);
/** The package's dist/ directory, where its .wasm and the .mjs that loads it live. */
const WASM_DIR = `${dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'))}/`;

export const wasmEngine: OnnxEngine = {
  pipelineId: 'ts-onnxruntime-web',
  library: 'onnxruntime-web',
  async createSession(onnxPath, threads) {
    ort.env.wasm.wasmPaths = WASM_DIR;
    ort.env.wasm.numThreads = threads;
    const session = await ort.InferenceSession.create(await readFile(onnxPath), {
      executionProviders: ['wasm'],
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    // Where WASM threads are unavailable, ONNX Runtime falls back to 1 thread and sets this to 1.
    if (ort.env.wasm.numThreads !== threads) {
      throw new Error(`WebAssembly runs ${ort.env.wasm.numThreads} thread(s), not the ${threads} asked for: run with threads = ${ort.env.wasm.numThreads}`);
    }
    return session;
  },
};
