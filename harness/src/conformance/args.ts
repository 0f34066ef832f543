/** The command line of `npm run conformance -- [options] <command...>` (commander); bad usage is a ConfigError (exit 2). */
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../errors.js';
import { DEFAULT_MODEL_DIR } from '../paths.js';

export interface ConformanceArgs {
  /** The pipeline under test; its workload path is appended as the last argument. */
  command: string[];
  /** Case ids to run (all when empty). */
  cases: string[];
  list: boolean;
  timeoutMs: number;
  modelDir: string;
  /** The pipeline's working directory: where `npm run` was typed. */
  cwd: string;
}

const USAGE = 'npm run conformance -- [options] <command...>';

function program(): Command {
  const seconds = (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`must be a whole number of seconds >= 1, got "${v}"`);
    return Number(v);
  };
  return new Command('conformance')
    .usage('[options] <command...>')
    .description(
      'Checks a pipeline against the contract (pipelines/README.md) before it joins a bench: protocol, chunks, ids, payloads, token counts, ' +
        'vectors against the reference embeddings, bad inputs. Each case of pipelines/testdata/conformance.json runs the command once as ' +
        '`<command...> <workload.json>`, against the embedded Qdrant (or QDRANT_URL). Exit 0: every case passed; 1: a case failed; 2: bad usage ' +
        'or the kit could not run (no store, no model, a command that cannot start).\n\n' +
        'Example: npm run conformance -- node ts-pipeline/dist/main.js',
    )
    .argument('[command...]', 'the pipeline command; options after it belong to it')
    .option('--case <id>', 'run only this case (repeat for more)', (v: string, all: string[]) => [...all, v], [])
    .option('--list', 'list the cases and exit')
    .option('--timeout <seconds>', 'per case, then the process tree is killed', seconds, 300)
    .option('--model-dir <dir>', 'the sentence-transformers model directory', DEFAULT_MODEL_DIR)
    .passThroughOptions()
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

/** Parses the arguments after `--`; null when --help was shown. */
export function parseConformanceArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ConformanceArgs | null {
  const cmd = program();
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return null;
    if (err instanceof CommanderError) throw new ConfigError(`${err.message.replace(/^error: /, '')}\nusage: ${USAGE}`);
    throw err;
  }
  const o = cmd.opts<{ case: string[]; list?: boolean; timeout: number; modelDir: string }>();
  if (cmd.args.length === 0 && !o.list) throw new ConfigError(`no pipeline command given\nusage: ${USAGE}`);
  const cwd = env.INIT_CWD ?? process.cwd();
  return { command: cmd.args, cases: o.case, list: Boolean(o.list), timeoutMs: o.timeout * 1000, modelDir: path.resolve(cwd, o.modelDir), cwd };
}
