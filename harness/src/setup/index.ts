import { Listr, type ListrTask } from 'listr2';
import { DEFAULT_MODEL_DIR } from '../paths.js';
import { SetupError } from './run-step-command.js';
import { ensureDefaultCorpus } from './steps/corpus.js';
import { ensureModel } from './steps/model.js';
import { onnxRuntimeLibraryProblem } from './steps/onnxruntime-library.js';
import { ensurePythonEnv } from './steps/python-env.js';
import { ensurePythonRustExt } from './steps/python-rust-ext.js';
import { binsFor, buildRustBinaries, type VariantBuild } from './steps/rust-build.js';
import { buildRustBurn } from './steps/rust-burn-build.js';
import { buildRustLangchain } from './steps/rust-langchain-build.js';
import { buildRustTch } from './steps/rust-tch-build.js';
import { ensureTargetLink } from './steps/target-link.js';
import { buildTsPipeline } from './steps/ts-build.js';
import { timedStep } from './step-timings.js';

export { SetupError } from './run-step-command.js';

export interface SetupOptions {
  /** Pipelines that will run: only their parts are built (BUILT_WHEN_SELECTED). */
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

/** The parts set-up builds only for some pipelines, each with the ids that need it; the rest is always built. */
export const BUILT_WHEN_SELECTED = {
  tsBuild: ['ts', 'ts-wasm'], // one dist, both engines (--engine)
  rustTch: ['rust-tch'],
  rustLangchain: ['rust-langchain'],
  rustBurn: ['rust-burn'],
  rustExtWheel: ['python-rust-ext'],
} as const;

/** Whether `part` is built for this selection of pipeline ids. */
export function builds(part: keyof typeof BUILT_WHEN_SELECTED, pipelineIds: Iterable<string>): boolean {
  const ids = new Set(pipelineIds);
  return BUILT_WHEN_SELECTED[part].some((id) => ids.has(id));
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
  ensureTargetLink();

  const tasks = new Listr(
    [
      {
        // The venv also runs the model export, so every full run needs it.
        title: 'Python environment (python-baseline/.venv)',
        task: (_ctx, task) => task.newListr(pythonSteps(options, result), { concurrent: false, exitOnError: true }),
      },
      {
        title: 'Rust release builds',
        task: (_ctx, task) => task.newListr(rustSteps(ids, result), { concurrent: false, exitOnError: true }),
      },
      {
        title: 'TypeScript pipeline build (ts-pipeline/dist)',
        skip: () => !builds('tsBuild', ids),
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
  // rust-ort and rust-langchain load onnxruntime-node's library at run time.
  for (const id of ['rust-ort', 'rust-langchain']) {
    const ortProblem = ids.has(id) ? onnxRuntimeLibraryProblem() : null;
    if (ortProblem && !result.unbuildable.some((u) => u.id === id)) result.unbuildable.push({ id, message: ortProblem });
  }
  return result;
}

/** The workspace's binaries, then rust-langchain's own workspace in the same target dir (one cargo lock: one after the other). */
function rustSteps(ids: Set<string>, result: SetupResult): ListrTask[] {
  return [
    {
      // Always: bench-launcher runs every pipeline (its wait4 gives the exact memory peak), and the store.
      title: `workspace (${binsFor(ids).join(', ')})`,
      task: (_c, sub) => timedStep(sub, 'rust-build', () => buildRustBinaries(binsFor(ids), (line) => (sub.output = line))),
    },
    variantStep('rust-langchain-pipeline (langchain-rust, FastEmbed on ONNX Runtime)', 'rustLangchain', 'rust-langchain', ids, result, (report) =>
      buildRustLangchain(report),
    ),
  ];
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
      // The python-rust-ext pipeline and python-baseline's tests import it (npm test selects it);
      // the default bench does not, and would wait minutes on cargo's lock beside the Rust build.
      title: 'rag_rust_ext wheel (python-rust-ext, maturin)',
      skip: () => !builds('rustExtWheel', options.pipelineIds),
      task: (_c, sub) => timedStep(sub, 'python-rust-ext', () => ensurePythonRustExt((line) => (sub.output = line))),
    },
    // rust-tch links the venv's libtorch, so it builds after the venv.
    variantStep("rust-tch-pipeline (Rust on the venv's libtorch)", 'rustTch', 'rust-tch', new Set(options.pipelineIds), result, buildRustTch),
    // rust-burn compiles the model's ONNX export in (burn-onnx in its build.rs), so it builds after the model step.
    variantStep(
      'rust-burn-pipeline (Burn, the ONNX export compiled in by burn-onnx)',
      'rustBurn',
      'rust-burn',
      new Set(options.pipelineIds),
      result,
      (report) => buildRustBurn(result.modelDir, report),
    ),
  ];
}

/**
 * A variant's own crate, built only when selected; a failed build leaves the variant out of the
 * run with its one-line reason instead of failing set-up.
 */
function variantStep(
  title: string,
  part: keyof typeof BUILT_WHEN_SELECTED,
  id: string,
  ids: Set<string>,
  result: SetupResult,
  build: (report: (line: string) => void) => Promise<VariantBuild>,
): ListrTask {
  return {
    title,
    skip: () => !builds(part, ids),
    task: (_c, sub) =>
      timedStep(sub, id, async () => {
        const built = await build((line) => (sub.output = line));
        if (built.problem) result.unbuildable.push({ id, message: built.problem });
        return built.outcome;
      }),
  };
}
