/**
 * `npm run soak`: one long stub-mode bench run against the embedded qdrant-local, watched for
 * memory growth and leaks (harness/src/soak/). Prints the table, writes soak.json and soak.md
 * into the run's directory. Exit codes: 0 every check passed, 1 a leak, slope or run check
 * failed (named on stderr), 2 bad flags or config; 130 / 143 / 129 stopped by a signal.
 */
import { constants } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../config/index.js';
import { CliError } from '../errors.js';
import { TerminalProgress } from '../progress/index.js';
import { writeFileAtomic, writeJsonAtomic } from '../results/atomic.js';
import { parseSoakArgs, type SoakCli } from '../soak/args.js';
import { buildReport } from '../soak/report.js';
import { runSoak } from '../soak/run.js';
import { soakMarkdown, soakTerminal } from '../soak/table.js';

function fail(err: unknown, code?: number): number {
  if (!(err instanceof CliError)) throw err;
  process.stderr.write(`soak: ${err.message}\n(see npm run soak -- --help)\n`);
  return code ?? err.exitCode;
}

async function main(): Promise<number> {
  const startedAt = new Date().toISOString();
  let cli: SoakCli | null;
  let config: ReturnType<typeof resolveConfig>;
  try {
    cli = parseSoakArgs(process.argv.slice(2));
    if (cli === null) return 0; // --help
    config = resolveConfig(cli.bench);
  } catch (err) {
    return fail(err);
  }
  if (process.env.QDRANT_URL) process.stderr.write('soak: QDRANT_URL is ignored: the soak measures the embedded qdrant-local it starts\n');

  const progress = new TerminalProgress();
  const abort = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      stoppedBy ??= sig;
      abort.abort();
    });
  }
  try {
    const run = await runSoak(config, { progress, signal: abort.signal });
    progress.close();
    const command = `npm run soak -- ${process.argv.slice(2).join(' ')}`.trim();
    const { report, exitCode } = buildReport(run, { command, startedAt, skipRounds: cli.skip, boundKiB: cli.maxSlopeKiB });
    writeJsonAtomic(path.join(run.bench.runDir, 'soak.json'), report);
    writeFileAtomic(path.join(run.bench.runDir, 'soak.md'), `${soakMarkdown(report)}\n`);
    process.stdout.write(`${soakTerminal(report)}\n`);
    process.stdout.write(`soak report: ${path.join(run.bench.runDir, 'soak.json')}\n`);
    for (const c of report.checks.filter((c) => c.exitCheck && !c.passed)) process.stderr.write(`soak: FAILED ${c.name}: ${c.detail}\n`);
    if (stoppedBy) return 128 + constants.signals[stoppedBy as NodeJS.Signals];
    return exitCode;
  } catch (err) {
    progress.close();
    return fail(err, stoppedBy ? 128 + constants.signals[stoppedBy as NodeJS.Signals] : undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`soak: unexpected failure: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
