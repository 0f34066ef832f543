/**
 * `npm run report -- RUN...`: one report from several runs (run directories or summary.json
 * files) of the same workload: machines side by side, or the history of one machine. Exit codes:
 * 0 written, 2 bad input (a missing or malformed run, a run given twice, different workloads:
 * every difference named).
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { compareRuns } from '../analysis/runs.js';
import { CliError, InputError } from '../errors.js';
import { DEFAULT_RESULTS_DIR } from '../paths.js';
import { renderRunsTerminal } from '../report/index.js';
import { newRunId } from '../results/index.js';
import { writeRunsReport } from '../results/publish-runs.js';
import { loadSummary } from '../results/summary-file.js';

function command(): Command {
  return new Command('report')
    .description(
      'One report from several runs of the same workload: runs on different machines side by side (a column per run, its CPU, cores and machine fingerprint stated), or the history of one machine. Runs of different workloads are refused, each difference named.',
    )
    .argument('<runs...>', 'run directories (results/<run-id>) or summary.json files')
    .option('--out <dir>', 'where to write report.html, report.md and runs.csv (default: results/reports/<id>)')
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

function run(argv: string[]): number {
  const cmd = command();
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return 0;
    if (err instanceof CommanderError) throw new InputError(err.message.replace(/^error: /, ''));
    throw err;
  }
  const { out } = cmd.opts<{ out?: string }>();
  const report = compareRuns(cmd.args.map(loadSummary));
  const dir = path.resolve(out ?? path.join(DEFAULT_RESULTS_DIR, 'reports', newRunId()));
  const written = writeRunsReport(dir, report);
  process.stdout.write(renderRunsTerminal(report, written['report.html']));
  return 0;
}

try {
  process.exit(run(process.argv.slice(2)));
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`report: ${err.message}\n(see npm run report -- --help)\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`report: unexpected failure: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
}
