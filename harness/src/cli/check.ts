/**
 * `npm run bench:check`: the regression gate. Exit codes: 0 no regression, 1 a regression
 * (or a candidate that failed/crashed), 2 usage errors, incomparable or unreadable inputs, or
 * too few samples for any verdict (never a silent pass). `--help` lists the modes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { evaluateGate } from '../analysis/gate/evaluate.js';
import { evaluateInterleaved, isBaselineCopy, splitInterleaved } from '../analysis/gate/interleaved.js';
import { measureNoise, pairsOfRuns } from '../analysis/gate/noise.js';
import { resolveCheckConfig, type CheckConfig } from '../config/check.js';
import { parseBenchArgs } from '../config/cli.js';
import { readConfigFile, resolveConfig } from '../config/index.js';
import { collectEnvironment } from '../environment.js';
import { CliError, InputError } from '../errors.js';
import { checkAgainstRef, publishVerdict } from '../gate/index.js';
import type { GateReport } from '../gate-types.js';
import { DEFAULT_CONFIG_PATH, DEFAULT_RESULTS_DIR } from '../paths.js';
import { renderNoiseMarkdown } from '../report/gate-markdown.js';
import { writeReports } from '../results/publish.js';
import { loadSummary, saveBaseline } from '../results/summary-file.js';
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
  requirePower?: boolean;
  json?: string;
  markdown?: string;
  config?: string;
  results: string;
}

/** What the modes share once the command line is read. */
interface Invocation {
  o: CheckOptions;
  benchFlags: string[];
  gateOptions: { config: CheckConfig; allowDifferentEnv?: boolean; requirePower?: boolean };
  latest: string;
}

/** The verdict of one mode, with the run it judged (its report then shows the verdict). */
interface Judged {
  gate: GateReport | null;
  candidate?: RunSummary;
  candidateDir?: string;
}

function command(): Command {
  const atLeast = (min: number) => (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`must be an integer >= ${min}, got "${v}"`);
    return Number(v);
  };
  return (
    new Command('bench:check')
      .description(
        'The regression gate: a change of end to end, peak memory or embed throughput is a regression only when it is significant (the exact rank interval of candidate/baseline excludes 1 AND the exact rank test agrees, at 0.05 / (pipelines x 3): Bonferroni) AND beyond the threshold (bench.config.json "check"). Stages are shown as diagnostics. ' +
          "Each gated metric also gets its power, simulated from the run's own noise: the smallest worsening it detects with 80% power and the runs per side a change of check.mustDetect (20%) needs; a PASS that could not have seen that change says so.\n\n" +
          'Modes:\n' +
          '  --baseline FILE|DIR [--candidate DIR]     judge a run (default results/latest) against a saved baseline run\n' +
          '  --baseline-ref REF [bench flags]          same machine: build REF in a git worktree, run its baseline copies and the candidates interleaved in one run\n' +
          '  --same-machine [bench flags]              the same against HEAD (your working tree vs the last commit)\n' +
          '  --interleaved DIR                         same machine: judge the <id>-baseline copies of a run against the others\n' +
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
      .option('--require-power', 'no verdict (exit 2) when the run could not have detected check.mustDetect (default 20%) with 80% power on a gated metric')
      .option('--json <file>', 'also write the verdict JSON here')
      .option('--markdown <file>', 'also write the verdict Markdown here')
      .option('--config <file>', 'bench config with the "check" thresholds (default bench.config.json)')
      .option('--results <dir>', 'results directory', DEFAULT_RESULTS_DIR)
      .allowExcessArguments(true)
      // every other flag is a bench flag (--quick, --iterations N, --pipelines ...), validated by the bench's parser
      .allowUnknownOption(true)
      .exitOverride()
      .configureOutput({ writeErr: () => {} })
  );
}

function benchConfig(configFile: string | undefined, benchFlags: string[]) {
  const cli = parseBenchArgs([...(configFile ? ['--config', configFile] : []), ...benchFlags]);
  if (!cli) throw new InputError('bench flags: --help is not a bench flag here');
  const config = resolveConfig(cli);
  collectEnvironment(config.baseDir); // pins the commit measured to HEAD at the start (environment.ts), as bench does
  return config;
}

/** The "check" thresholds: from the config file when there is one (validated with the whole file), else the defaults. */
function checkConfig(configFile: string | undefined): CheckConfig {
  const file = configFile ?? DEFAULT_CONFIG_PATH;
  if (!existsSync(file)) {
    if (configFile) throw new InputError(`--config ${configFile}: no such file`);
    return resolveCheckConfig(undefined);
  }
  return resolveCheckConfig(readConfigFile(file).check);
}

function print(text: string) {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Parses the command line; null after --help. */
function parse(argv: string[]): Invocation | null {
  const dashdash = argv.indexOf('--');
  const cmd = command();
  try {
    cmd.parse(dashdash >= 0 ? argv.slice(0, dashdash) : argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return null;
    if (err instanceof CommanderError) throw new InputError(err.message.replace(/^error: /, ''));
    throw err;
  }
  const o = cmd.opts<CheckOptions>();
  if (o.sameMachine) o.baselineRef ??= 'HEAD';
  const benchFlags = [...cmd.args, ...(dashdash >= 0 ? argv.slice(dashdash + 1) : [])];
  if (benchFlags.length && !(o.baselineRef || o.noise)) {
    throw new InputError(`unknown option(s) ${benchFlags.join(' ')} (bench flags only go with --baseline-ref, --same-machine or --noise)`);
  }
  if ([o.baseline, o.baselineRef, o.interleaved, o.noise, o.noiseFrom].filter(Boolean).length > 1) {
    throw new InputError('choose one of --baseline, --baseline-ref, --interleaved, --noise, --noise-from');
  }
  const gateOptions = { config: checkConfig(o.config), allowDifferentEnv: o.allowDifferentEnv, requirePower: o.requirePower };
  return { o, benchFlags, gateOptions, latest: path.join(o.results, 'latest') };
}

async function noise({ o, benchFlags, gateOptions }: Invocation): Promise<number> {
  let runs: RunSummary[];
  if (o.noiseFrom) runs = o.noiseFrom.map(loadSummary);
  else {
    const bench = benchConfig(o.config, benchFlags);
    const { runBench } = await import('../run/bench.js');
    runs = [];
    for (let i = 0; i < o.runs; i++) {
      process.stderr.write(`A/A run ${i + 1} of ${o.runs}\n`);
      runs.push((await runBench(bench)).summary);
    }
  }
  const interleaved = runs.every((r) => r.pipelines.some((p) => isBaselineCopy(p.id)));
  const pairs = interleaved
    ? runs.map((r) => {
        const s = splitInterleaved(r);
        return [s.baseline, s.candidate] as [RunSummary, RunSummary];
      })
    : pairsOfRuns(runs);
  if (pairs.length === 0) throw new InputError('--noise needs at least two runs (or one interleaved run)');
  print(renderNoiseMarkdown(measureNoise(pairs, gateOptions.config), pairs.length));
  return 0;
}

async function againstRef({ o, benchFlags, gateOptions }: Invocation): Promise<Judged> {
  const bench = benchConfig(o.config, benchFlags);
  if (bench.iterations < gateOptions.config.minSamples) {
    // --quick's 2 iterations cannot give a verdict; the gate needs minSamples per side
    process.stderr.write(`bench:check: ${bench.iterations} measured iterations per side are too few for a verdict; using ${gateOptions.config.minSamples}\n`);
    bench.iterations = gateOptions.config.minSamples;
  }
  const { runBench } = await import('../run/bench.js');
  const { TerminalProgress } = await import('../progress/index.js');
  const progress = new TerminalProgress();
  try {
    const result = await checkAgainstRef(o.baselineRef!, bench, runBench, { progress }, gateOptions, (l) => progress.message(l));
    return { gate: result.gate, candidate: result.run.summary, candidateDir: result.run.runDir };
  } finally {
    progress.close();
  }
}

/** A run directory, or the directory of a summary file. */
const runDirOf = (from: string) => (existsSync(path.join(from, 'summary.json')) ? from : path.dirname(from));

function judge(inv: Invocation): Judged | Promise<Judged> {
  const { o, gateOptions, latest } = inv;
  if (o.baselineRef) return againstRef(inv);
  if (o.interleaved) {
    const candidate = loadSummary(o.interleaved);
    return { gate: evaluateInterleaved(candidate, gateOptions), candidate, candidateDir: runDirOf(o.interleaved) };
  }
  if (o.baseline) {
    const baseline = loadSummary(o.baseline);
    if (!o.candidate && !existsSync(latest)) throw new InputError(`no candidate: ${latest} does not exist; run npm run bench first or pass --candidate DIR`);
    const from = o.candidate ?? latest;
    const candidate = loadSummary(from);
    return { gate: evaluateGate(baseline, candidate, gateOptions), candidate, candidateDir: runDirOf(from) };
  }
  return { gate: null };
}

async function run(argv: string[]): Promise<number> {
  const inv = parse(argv);
  if (!inv) return 0;
  const { o, latest } = inv;
  if (o.noise || o.noiseFrom) return noise(inv);
  const { gate, candidate, candidateDir } = await judge(inv);
  if (o.saveBaseline) {
    const from = candidate ?? loadSummary(o.candidate ?? latest);
    saveBaseline(from, o.saveBaseline);
    process.stderr.write(
      `baseline written: ${o.saveBaseline} (run ${from.runId}, ${from.summaries.map((s) => `${s.pipelineId}: ${s.measured} runs`).join(', ')})\n`,
    );
    const few = from.summaries.filter((s) => s.measured < inv.gateOptions.config.minSamples);
    if (few.length) {
      process.stderr.write(
        `bench:check: too few samples to gate on: ${few.map((s) => `${s.pipelineId} has ${s.measured} successful measured run(s)`).join(', ')}; ` +
          `the gate needs ${inv.gateOptions.config.minSamples} per side (check.minSamples): measure again with --iterations ${inv.gateOptions.config.minSamples} or more\n`,
      );
    }
    if (!gate) return 0;
  }
  if (!gate) {
    throw new InputError(
      'no baseline given: pass --baseline FILE|DIR, --baseline-ref REF, --interleaved DIR or --noise (a gate without a baseline cannot pass)',
    );
  }
  print(publishVerdict(gate, { json: o.json, markdown: o.markdown, runDir: candidateDir }));
  if (candidateDir && candidate) {
    // the run's report now shows the verdict too
    writeReports(candidateDir, candidate, { gate });
    process.stderr.write(`report with the verdict: ${path.join(candidateDir, 'report.html')}\n`);
  }
  return gate.exitCode;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // bad flags, config or files, incomparable runs, a bench that could not start: each says why; no verdict
    if (err instanceof CliError) process.stderr.write(`bench:check: ${err.message}\n`);
    else process.stderr.write(`bench:check: ${err?.stack ?? err}\n`);
    process.exit(2);
  },
);
