import { Listr, type ListrTask } from 'listr2';
import { DEFAULT_MODEL_DIR } from '../paths.js';
import { SetupError } from './run-step-command.js';
import { ensureDefaultCorpus } from './steps/corpus.js';
import { ensureModel } from './steps/model.js';
import { onnxRuntimeLibraryProblem } from './steps/onnxruntime-library.js';
import { ensurePythonEnv } from './steps/python-env.js';
import { ensurePythonRustExt } from './steps/python-rust-ext.js';
import { buildRustBinaries } from './steps/rust-build.js';
import { buildRustTch } from './steps/rust-tch-build.js';
import { buildTsPipeline } from './steps/ts-build.js';
import { timedStep } from './step-timings.js';

export { SetupError } from './run-step-command.js';

export interface SetupOptions {
  /** Pipelines that will run: only their parts are built (`ts`/`ts-wasm`: the TS build; `rust-tch`: its crate; the rest is always built). */
  pipelineIds: string[];
  /** A user-given model dir (`--model`): used as is, not materialised. */
  modelDir?: string;
  /** A user-given corpus (`--corpus`): the default corpus is not fetched. */
  corpusDir?: string;
}

export interface SetupResult {
  modelDir: string;
  defaultCorpusDir: string | null;
  /** Selected pipelines that cannot be built here, each with a one-line reason: the run leaves them out. */
  unbuildable: Array<{ id: string; message: string }>;
}

/**
 * Makes this checkout ready to bench: Python venv, Rust release builds (pipeline and
 * embedded Qdrant), the TypeScript pipeline's JavaScript, the model directory with its ONNX
 * export, and the default corpus. Every step is cached, so a second run takes seconds.
 * Progress is shown per step; a failure names the step and what to do.
 */
export async function ensureSetup(options: SetupOptions): Promise<SetupResult> {
  const ids = new Set(options.pipelineIds);
  const result: SetupResult = { modelDir: options.modelDir ?? DEFAULT_MODEL_DIR, defaultCorpusDir: null, unbuildable: [] };

  const tasks = new Listr(
    [
      {
        // The venv also runs the model export, so every full run needs it.
        title: 'Python environment (python-baseline/.venv)',
        task: (_ctx, task) => task.newListr(pythonSteps(options, result), { concurrent: false, exitOnError: true }),
      },
      {
        // Always: bench-launcher runs every pipeline (its wait4 gives the exact memory peak).
        title: 'Rust release build (bench-launcher, rust-pipeline, qdrant-local)',
        task: (_ctx, task) => timedStep(task, 'rust-build', () => buildRustBinaries((line) => (task.output = line))),
      },
      {
        title: 'TypeScript pipeline build (ts-pipeline/dist)',
        skip: () => !ids.has('ts') && !ids.has('ts-wasm'), // one dist, both engines (--engine)
        task: (_ctx, task) => buildTsPipeline((line) => (task.output = line)),
      },
      {
        title: 'Default corpus (Python 3.11 docs from Debian python3.11-doc)',
        skip: () => (options.corpusDir ? `using --corpus ${options.corpusDir}` : false),
        task: async (_ctx, task) => {
          result.defaultCorpusDir = await ensureDefaultCorpus((line) => (task.output = line));
        },
      },
    ],
    {
      // The Python install is mostly download and the Rust build mostly CPU: run them side by side.
      concurrent: true,
      exitOnError: true,
      rendererOptions: { collapseSubtasks: false },
      fallbackRendererCondition: () => !process.stderr.isTTY || Boolean(process.env.CI),
    },
  );
  try {
    await tasks.run();
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError('set-up', error instanceof Error ? error.message : String(error), 'see the output above.');
  }
  const ortProblem = ids.has('rust-ort') ? onnxRuntimeLibraryProblem() : null;
  if (ortProblem) result.unbuildable.push({ id: 'rust-ort', message: ortProblem });
  return result;
}

/** The venv, then the two steps that run in it: the model's ONNX export and the rag_rust_ext wheel. */
function pythonSteps(options: SetupOptions, result: SetupResult): ListrTask[] {
  return [
    {
      title: 'pinned requirements',
      task: (_c, sub) => timedStep(sub, 'python-env', () => ensurePythonEnv((line) => (sub.output = line))),
    },
    {
      title: 'model directory and ONNX export',
      skip: () => (options.modelDir ? `using --model ${options.modelDir}` : false),
      task: (_c, sub) => ensureModel(result.modelDir, (line) => (sub.output = line)),
    },
    {
      // The python-rust-ext pipeline and python-baseline's tests import it.
      title: 'rag_rust_ext wheel (python-rust-ext, maturin)',
      task: (_c, sub) => timedStep(sub, 'python-rust-ext', () => ensurePythonRustExt((line) => (sub.output = line))),
    },
    {
      // rust-tch links the venv's libtorch, so it builds after the venv, only when selected;
      // a failed build leaves the variant out with its reason instead of failing set-up.
      title: "rust-tch-pipeline (Rust on the venv's libtorch)",
      skip: () => !options.pipelineIds.includes('rust-tch'),
      task: (_c, sub) =>
        timedStep(sub, 'rust-tch', async () => {
          const build = await buildRustTch((line) => (sub.output = line));
          if (build.problem) result.unbuildable.push({ id: 'rust-tch', message: build.problem });
          return build.outcome;
        }),
    },
  ];
}
