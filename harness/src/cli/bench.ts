/**
 * `npm run bench`: parse flags + bench.config.json, run the bench, print the summary table and
 * the report's path. Exit codes: 0 all good, 1 a failed iteration/verification or a run that
 * could not start, 2 invalid options or config; stopped by a signal, 128 + its number: 130
 * Ctrl-C (SIGINT), 143 SIGTERM, 129 SIGHUP (finished iterations are kept and reported either way).
 */
import { constants } from 'node:os';
import path from 'node:path';
import { parseBenchArgs } from '../config/cli.js';
import { resolveConfig } from '../config/index.js';
import { collectEnvironment } from '../environment.js';
import { CliError } from '../errors.js';
import { TerminalProgress } from '../progress/index.js';
import { renderTerminalSummary } from '../report/index.js';
import { renderClaimsTerminal } from '../report/claims.js';
import { renderRooflineTerminal } from '../report/claims-roofline.js';
import { runBench } from '../run/bench.js';
import { runClaims } from '../run/claims.js';
import { type ClaimsPart, claimsParts as planClaims } from '../run/claims-plan.js';

async function main(): Promise<number> {
  let config: ReturnType<typeof resolveConfig>;
  let claimsParts: ClaimsPart[] | null = null;
  try {
    const cli = parseBenchArgs(process.argv.slice(2));
    if (cli === null) return 0; // --help
    // --claims: a run of its own made of several workload runs (run/claims.ts)
    if (cli.claims) claimsParts = planClaims(cli);
    config = claimsParts ? claimsParts[0].config : resolveConfig(cli);
    collectEnvironment(config.baseDir); // pins the commit measured to HEAD at the start (environment.ts)
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`bench: ${err.message}\n(see npm run bench -- --help)\n`);
      return err.exitCode;
    }
    throw err;
  }

  const progress = new TerminalProgress();
  const abort = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  // A terminal closing (SIGHUP) or a supervisor stopping us (SIGTERM) is handled like Ctrl-C.
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    stoppedBy = sig;
    progress.message(`${sig}: stopping the running pipeline; writing the report for the finished iterations...`);
    abort.abort();
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
  const exitFor = (code: number) => (code === 130 && stoppedBy ? 128 + constants.signals[stoppedBy] : code);
  try {
    const run = { progress, signal: abort.signal };
    const { runDir, summary, exitCode: runExit } = claimsParts ? await runClaims(claimsParts, run) : await runBench(config, run);
    const exitCode = exitFor(runExit);
    progress.close();
    process.stdout.write(`${renderTerminalSummary(summary)}\n`);
    if (summary.claims) process.stdout.write(`${renderClaimsTerminal(summary.claims)}\n`);
    if (summary.roofline) process.stdout.write(`${renderRooflineTerminal(summary, summary.roofline)}\n`);
    if (summary.equivalence && !summary.equivalence.passed) {
      const problems = summary.equivalence.problems.map((p) => `${p.pipelineId}: ${p.message}`);
      process.stdout.write(`VERIFICATION FAILED: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}\n`);
    }
    process.stdout.write(`report: ${path.join(runDir, 'report.html')}\n`);
    return exitCode;
  } catch (err) {
    progress.close();
    if (err instanceof CliError) {
      process.stderr.write(`bench: ${err.message}\n`);
      return exitFor(err.exitCode);
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: unexpected failure: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
