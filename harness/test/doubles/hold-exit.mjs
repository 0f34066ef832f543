#!/usr/bin/env node
/**
 * TEST DOUBLE (a wrapper, not a pipeline): runs a real command and makes its run a known
 * fraction longer by holding the exit: when the command has finished after t ms, the wrapper
 * waits extra x t ms before exiting with the command's status. The harness times a run from
 * fork to exit, so the run is (1 + extra) times as long, whatever the command spends waiting.
 * (Stopping the command with SIGSTOP part of the time did not do that: a pipeline that waits on
 * the store most of the time is barely slowed, measured 1.00-1.12x for a "20%" throttle.)
 * An extra of 0 wraps without slowing, so both sides of an A/B carry the same wrapper.
 *
 * usage: node hold-exit.mjs <extra-fraction> <command> [args...]
 */
import { spawn } from 'node:child_process';

const [extraArg, file, ...args] = process.argv.slice(2);
const extra = Number(extraArg);
if (!(extra >= 0) || !file) {
  process.stderr.write('usage: node hold-exit.mjs <extra-fraction >= 0> <command> [args...]\n');
  process.exit(2);
}
const started = performance.now();
const child = spawn(file, args, { stdio: 'inherit' });
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  const status = code ?? (signal ? 128 : 1);
  setTimeout(() => process.exit(status), extra * (performance.now() - started));
});
