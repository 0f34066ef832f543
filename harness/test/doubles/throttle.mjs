#!/usr/bin/env node
/**
 * TEST DOUBLE (a wrapper, not a pipeline): runs a real command and slows it by a known factor
 * by stopping it (SIGSTOP) for a fraction of every 50 ms and letting it go on (SIGCONT) for the
 * rest, so every stage of a real pipeline takes about 1 / (1 - fraction) as long. Used to stage
 * "this pipeline got 20% slower" with real processes for the gate's detection rate; a fraction
 * of 0 wraps without slowing, so both sides of an A/B carry the same wrapper.
 *
 * usage: node throttle.mjs <fraction-stopped> <command> [args...]
 */
import { spawn } from 'node:child_process';

const [fractionArg, file, ...args] = process.argv.slice(2);
const fraction = Number(fractionArg);
if (!(fraction >= 0 && fraction < 1) || !file) {
  process.stderr.write('usage: node throttle.mjs <fraction-stopped 0..1> <command> [args...]\n');
  process.exit(2);
}
const PERIOD_MS = 50;
const child = spawn(file, args, { stdio: 'inherit' });
let timer = null;
if (fraction > 0) {
  const cycle = () => {
    child.kill('SIGSTOP');
    setTimeout(() => child.kill('SIGCONT'), fraction * PERIOD_MS);
  };
  timer = setInterval(cycle, PERIOD_MS);
}
for (const sig of ['SIGTERM', 'SIGINT'])
  process.on(sig, () => {
    child.kill('SIGCONT');
    child.kill(sig);
  });
child.on('exit', (code, signal) => {
  if (timer) clearInterval(timer);
  process.exit(code ?? (signal ? 128 : 1));
});
