// The command line: `[--engine node|wasm] <workload.json>`. Each engine is imported only when
// chosen, so a run loads one ONNX Runtime build (both register with onnxruntime-common).
import { parseArgs } from 'node:util';
import type { OnnxEngine } from './model.js';
import { PipelineError, describeError } from './protocol.js';

const ENGINES: Record<string, () => Promise<OnnxEngine>> = {
  node: async () => (await import('./engine-node.js')).nodeEngine,
  wasm: async () => (await import('./engine-wasm.js')).wasmEngine,
};

export const USAGE = `usage: node ts-pipeline/dist/main.js [--engine ${Object.keys(ENGINES).join('|')}] <workload.json>`;

export interface CommandLine {
  workloadPath: string;
  engine: OnnxEngine;
}

export async function parseCommandLine(args: string[]): Promise<CommandLine> {
  let values: { engine?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { engine: { type: 'string', default: 'node' } }, allowPositionals: true }));
  } catch (error) {
    throw new PipelineError(null, `${describeError(error)}; ${USAGE}`);
  }
  if (positionals.length !== 1) throw new PipelineError(null, USAGE);
  const name = values.engine ?? 'node';
  const load = Object.hasOwn(ENGINES, name) ? ENGINES[name] : undefined;
  if (!load) throw new PipelineError(null, `unknown --engine "${name}"; ${USAGE}`);
  return { workloadPath: positionals[0], engine: await load() };
}
