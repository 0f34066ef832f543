/**
 * `npm run setup`: build and install everything the bench needs (the bench runs this itself;
 * running it alone is useful before going offline, or in CI to separate set-up time from tests).
 */
import { Command } from 'commander';
import { exitCodeOf, SetupError } from '../errors.js';
import { ensureSetup } from '../setup/index.js';

const program = new Command('setup')
  .description('Install and build what the bench needs: Python venv, Rust release builds, TS pipeline, model dir + ONNX, default corpus')
  .option('--pipelines <ids>', 'comma-separated pipeline ids to prepare', 'python,rust,ts')
  .option('--model <dir>', 'use this sentence-transformers model dir instead of materialising the default')
  .option('--corpus <dir>', 'use this corpus instead of fetching the default one')
  .parse();

const opts = program.opts<{ pipelines: string; model?: string; corpus?: string }>();
try {
  const result = await ensureSetup({
    pipelineIds: opts.pipelines
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    modelDir: opts.model,
    corpusDir: opts.corpus,
  });
  console.error(`set-up complete: model ${result.modelDir}${result.defaultCorpusDir ? `, corpus ${result.defaultCorpusDir}` : ''}`);
  for (const u of result.unbuildable) console.error(`not buildable here: ${u.id}: ${u.message}`);
} catch (error) {
  console.error(error instanceof SetupError ? `set-up failed in ${error.message}` : error);
  process.exit(exitCodeOf(error));
}
