/**
 * `npm run bench:check`: the CI performance gate. Exit codes: 0 no regression, 1 a regression
 * (or a candidate that failed/crashed), 2 usage errors, incomparable or unreadable inputs, or
 * too few samples for any verdict (never a silent pass). `--help` lists the modes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { compareInterleaved, checkAgainstRef, publishVerdict } from '../compare/check.js';
import {
  compareRuns,
  IncomparableError,
  InputError,
  loadSummary,
  measureNoise,
  pairsOfRuns,
  renderNoiseMarkdown,
  resolveCheckConfig,
  saveBaseline,
  splitInterleaved,
  type CheckReport,
} from '../compare/index.js';
import { writeReports } from '../report/index.js';
import type { RunSummary } from '../types.js';

interface CheckOptions {
  baseline?: string;
  candidate?: string;
  baselineRef?: string;
  sameMachine?: boolean;
  interleaved?: string;
  noise?: boolean;
  runs: number;
  noiseFrom?: string[];
  saveBaseline?: string;
  allowDifferentEnv?: boolean;
  json?: string;
  markdown?: string;
  config?: string;
  results: string;
}

const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

function command(): Command {
  const atLeast = (min: number) => (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`must be an integer >= ${min}, got "${v}"`);
    return Number(v);
  };
  return new Command('bench:check')
    .description(
      'Statistical performance gate: a change is a regression only when the 95% bootstrap CI of new/baseline excludes 1 AND it is beyond the threshold (bench.config.json "check").\n\n' +
        'Modes:\n' +
        '  --baseline FILE|DIR [--candidate DIR]     compare a run (default results/latest) with a saved baseline\n' +
        '  --baseline-ref REF [bench flags]          same machine: build REF in a git worktree, run baseline and candidate interleaved in one run\n' +
        '  --same-machine [bench flags]              the same against HEAD (your working tree vs the last commit)\n' +
        '  --interleaved DIR                         same machine: compare the <id>-baseline pipelines of a run with the others\n' +
        '  --noise [--runs N] [bench flags]          run the bench N times (A/A) and suggest thresholds from the noise seen\n' +
        '  --noise-from DIR DIR...                   the same from runs already made\n' +
        '  --save-baseline FILE                      write the candidate (default results/latest) as a baseline file to commit',
    )
    .option('--baseline <file|dir>', 'a baseline file or a run directory / summary.json')
    .option('--candidate <dir|file>', 'the run to judge (default: results/latest)')
    .option('--baseline-ref <git-ref>', 'same-machine mode against this git ref')
    .option('--same-machine', 'same-machine mode against HEAD')
    .option('--interleaved <dir>', 'a run that holds <id>-baseline baseline copies')
    .option('--noise', 'measure A/A noise by running the bench --runs times')
    .option('--runs <n>', 'bench runs for --noise', atLeast(2), 3)
    .option('--noise-from <dirs...>', 'runs of identical code for the noise measurement')
    .option('--save-baseline <file>', 'save the candidate run as a baseline file')
    .option('--allow-different-env', 'compare runs from different machines (never different workloads)')
    .option('--json <file>', 'also write the verdict JSON here')
    .option('--markdown <file>', 'also write the verdict Markdown here')
    .option('--config <file>', 'bench config with the "check" thresholds (default bench.config.json)')
    .option('--results <dir>', 'results directory', path.join(REPO_ROOT, 'results'))
    .allowExcessArguments(true)
    // every other flag is a bench flag (--quick, --iterations N, --pipelines ...), validated by the bench's parser
    .allowUnknownOption(true)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

async function benchConfig(configFile: string | undefined, benchFlags: string[]) {
  const { parseBenchArgs } = await import('../config/cli.js');
  const { resolveConfig } = await import('../config/index.js');
  const cli = parseBenchArgs([...(configFile ? ['--config', configFile] : []), ...benchFlags]);
  if (!cli) throw new InputError('bench flags: --help is not a bench flag here');
  return resolveConfig(cli);
}

/** The "check" thresholds: from the config file when there is one, else the defaults. */
async function checkConfig(configFile: string | undefined) {
  const file = configFile ?? path.join(REPO_ROOT, 'bench.config.json');
  if (!existsSync(file)) {
    if (configFile) throw new InputError(`--config ${configFile}: no such file`);
    return resolveCheckConfig(undefined);
  }
  const { readConfigFile } = await import('../config/index.js');
  return resolveCheckConfig((readConfigFile(file) as { check?: unknown }).check);
}

function print(text: string) {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

async function run(argv: string[]): Promise<number> {
  const dashdash = argv.indexOf('--');
  const own = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
  const cmd = command();
  try {
    cmd.parse(own, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return 0;
    if (err instanceof CommanderError) throw new InputError(err.message.replace(/^error: /, ''));
    throw err;
  }
  const o = cmd.opts<CheckOptions>();
  if (o.sameMachine) o.baselineRef ??= 'HEAD';
  const benchFlags = [...cmd.args, ...(dashdash >= 0 ? argv.slice(dashdash + 1) : [])];
  const runsBench = !!(o.baselineRef || o.noise);
  if (benchFlags.length && !runsBench) throw new InputError(`unknown option(s) ${benchFlags.join(' ')} (bench flags only go with --baseline-ref, --same-machine or --noise)`);
  const modes = [o.baseline, o.baselineRef, o.interleaved, o.noise, o.noiseFrom].filter(Boolean).length;
  if (modes > 1) throw new InputError('choose one of --baseline, --baseline-ref, --interleaved, --noise, --noise-from');
  const config = await checkConfig(o.config);
  const compareOptions = { config, allowDifferentEnv: o.allowDifferentEnv };
  const latest = path.join(o.results, 'latest');

  if (o.noise || o.noiseFrom) {
    let runs: RunSummary[];
    if (o.noiseFrom) runs = o.noiseFrom.map(loadSummary);
    else {
      const bench = await benchConfig(o.config, benchFlags);
      const { runBench } = await import('../run/bench.js');
      runs = [];
      for (let i = 0; i < o.runs; i++) {
        process.stderr.write(`A/A run ${i + 1} of ${o.runs}\n`);
        runs.push((await runBench(bench)).summary);
      }
    }
    const interleaved = runs.filter((r) => r.pipelines.some((p) => p.id.endsWith('-baseline')));
    const pairs = interleaved.length === runs.length ? runs.map((r) => { const s = splitInterleaved(r); return [s.baseline, s.candidate] as [RunSummary, RunSummary]; }) : pairsOfRuns(runs);
    if (pairs.length === 0) throw new InputError('--noise needs at least two runs (or one interleaved run)');
    const noise = measureNoise(pairs);
    print(renderNoiseMarkdown(noise, pairs.length));
    return 0;
  }

  let check: CheckReport | null = null;
  let candidateDir: string | undefined;
  let candidate: RunSummary | undefined;
  if (o.baselineRef) {
    const bench = await benchConfig(o.config, benchFlags);
    if (bench.iterations < config.minSamples) {
      // --quick's 2 iterations cannot give a verdict; the gate needs minSamples per side
      process.stderr.write(`bench:check: ${bench.iterations} measured iterations per side are too few for a verdict; using ${config.minSamples}\n`);
      bench.iterations = config.minSamples;
    }
    const { runBench } = await import('../run/bench.js');
    const { TerminalProgress } = await import('../progress/index.js');
    const progress = new TerminalProgress();
    try {
      const result = await checkAgainstRef(o.baselineRef, bench, runBench, { progress }, compareOptions, (l) => progress.message(l));
      check = result.check;
      candidateDir = result.run.runDir;
      candidate = result.run.summary;
    } finally {
      progress.close();
    }
  } else if (o.interleaved) {
    candidate = loadSummary(o.interleaved);
    candidateDir = existsSync(path.join(o.interleaved, 'summary.json')) ? o.interleaved : path.dirname(o.interleaved);
    check = compareInterleaved(candidate, compareOptions);
  } else if (o.baseline) {
    const baseline = loadSummary(o.baseline);
    const from = o.candidate ?? latest;
    if (!o.candidate && !existsSync(latest)) throw new InputError(`no candidate: ${latest} does not exist; run npm run bench first or pass --candidate DIR`);
    candidate = loadSummary(from);
    candidateDir = existsSync(path.join(from, 'summary.json')) ? from : path.dirname(from);
    check = compareRuns(baseline, candidate, compareOptions);
  }

  if (o.saveBaseline) {
    const from = candidate ?? loadSummary(o.candidate ?? latest);
    saveBaseline(from, o.saveBaseline);
    process.stderr.write(`baseline written: ${o.saveBaseline} (run ${from.runId}, ${from.summaries.map((s) => `${s.pipelineId}: ${s.measured} runs`).join(', ')})\n`);
    if (!check) return 0;
  }
  if (!check) {
    throw new InputError('no baseline given: pass --baseline FILE|DIR, --baseline-ref REF, --interleaved DIR or --noise (a gate without a baseline cannot pass)');
  }

  print(publishVerdict(check, { json: o.json, markdown: o.markdown, runDir: candidateDir }));
  if (candidateDir && candidate) {
    // the run's report now shows the comparison too
    writeReports(candidateDir, candidate, { comparison: check });
    process.stderr.write(`report with the comparison: ${path.join(candidateDir, 'report.html')}\n`);
  }
  return check.exitCode;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof InputError || err instanceof IncomparableError) {
      process.stderr.write(`bench:check: ${err.message}\n`);
      process.exit(2);
    }
    // bad bench flags/config (ConfigError) or a bench that could not start (BenchError): no verdict
    if (err?.constructor?.name === 'ConfigError' || err?.constructor?.name === 'BenchError') {
      process.stderr.write(`bench:check: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench:check: ${err?.stack ?? err}\n`);
    process.exit(2);
  },
);

