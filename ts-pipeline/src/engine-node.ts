// ONNX Runtime for Node: the native library (onnxruntime-node), CPU execution provider.
import * as ort from 'onnxruntime-node';
import type { OnnxEngine } from './model.js';

export const nodeEngine: OnnxEngine = {
  pipelineId: 'ts-onnxruntime',
  library: 'onnxruntime-node',
  createSession: (onnxPath, threads) =>
    ort.InferenceSession.create(onnxPath, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    }),
};
