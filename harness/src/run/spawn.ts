import type { Readable } from 'node:stream';
import { launcherArgv, readLauncherReport, withLauncherReport } from '../measure/launcher.js';
import { oomKillCount } from '../measure/proc.js';
import { TreeSampler } from '../measure/sampler.js';
import type { IterationFailure, ResourceUsage } from '../types.js';
import { exitFailure } from './exit-outcome.js';
import { killTree } from './kill.js';
import { boundedLines, LineTooLongError } from './lines.js';
import { INTERRUPTED_MESSAGE, Stopper, spawnInGroup, stopOnTimeoutOrAbort, timeoutMessage } from './process-group.js';
import { monotonicMs, parseProtocolLine, ProtocolError, ProtocolTracker, type ProtocolEvent } from './protocol.js';

export interface SpawnOptions {
  command: string[];
  workloadPath: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  sampleIntervalMs: number;
  /** The pipeline's stderr goes here (kept for the user, tail quoted in failures). */
  stderrPath: string;
  /** bench-launcher writes its wait4 report here. */
  launcherReportPath: string;
  signal?: AbortSignal;
  onEvent?: (ev: ProtocolEvent) => void;
}

export interface ProcessOutcome {
  tracker: ProtocolTracker;
  /** Fork to exit of the pipeline process (the launcher's clock readings around fork and wait4). */
  wallMs: number;
  /** The harness's own CPU time (user + system, ms) while the pipeline ran. */
  harnessCpuMs: number;
  exitCode: number | null;
  signal: string | null;
  /** null = the run succeeded (done + exit 0). */
  failure: IterationFailure | null;
  resources: ResourceUsage | null;
  /** True when the run ended because the signal aborted it (Ctrl-C). */
  interrupted: boolean;
}

/** No protocol line is anywhere near this long; a longer one is a pipeline printing something else. */
const MAX_LINE_BYTES = 1 << 20;

/** Readings taken just before the spawn, to tell what the process's run added. */
interface AtSpawn {
  monotonicMs: number;
  harnessCpu: NodeJS.CpuUsage;
  oomKills: number | null;
}

/** One running pipeline process and what watches it. */
interface Running {
  /** The launcher's pid; undefined when even the launcher could not start. */
  pid: number | undefined;
  at: AtSpawn;
  tracker: ProtocolTracker;
  stopper: Stopper<IterationFailure>;
  sampler: TreeSampler | null;
}

/** Reads stdout to its end as protocol lines; a broken line stops the process (the rest is drained). */
async function readProtocol(
  stdout: Readable,
  tracker: ProtocolTracker,
  stopper: Stopper<IterationFailure>,
  onEvent?: (ev: ProtocolEvent) => void,
): Promise<void> {
  try {
    for await (const line of boundedLines(stdout, MAX_LINE_BYTES)) {
      if (stopper.reason) continue; // drain after a kill
      if (line.trim() === '') continue;
      try {
        const ev = parseProtocolLine(line);
        tracker.accept(ev);
        onEvent?.(ev);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        stopper.stop({ kind: 'protocol', message: err.message });
      }
    }
  } catch (err) {
    if (!(err instanceof LineTooLongError)) throw err;
    stopper.stop({ kind: 'protocol', message: err.message }); // the rest of stdout is discarded with the stream
  }
}

/** The process has ended: leftovers killed, the launcher's report and the samples read, the failure decided. */
function settle(opts: SpawnOptions, run: Running, result: Awaited<ReturnType<typeof spawnInGroup>>): ProcessOutcome {
  const { pid, at, tracker, stopper, sampler } = run;
  const harnessCpu = process.cpuUsage(at.harnessCpu);
  const seenWallMs = monotonicMs() - at.monotonicMs;
  // Leave nothing behind: a pipeline's helpers still running after it exited are killed too.
  if (pid) killTree(pid, sampler?.seenProcesses() ?? []);
  const launched = readLauncherReport(opts.launcherReportPath);
  const resources = sampler ? withLauncherReport(sampler.stop(), launched) : null;
  if (launched) tracker.spawnMonotonicMs = launched.forkTMs;
  const wallMs = launched ? launched.exitTMs - launched.forkTMs : seenWallMs;

  const exitCode = result.exitCode ?? null;
  const signal = result.signal ?? null;
  const oomKills = (oomKillCount() ?? 0) - (at.oomKills ?? 0);
  const file = opts.command[0];
  const failure =
    stopper.reason ??
    exitFailure({ pid, file, spawnMessage: result.message, launched, exitCode, signal, tracker, stderrPath: opts.stderrPath, resources, oomKills });
  const harnessCpuMs = (harnessCpu.user + harnessCpu.system) / 1000;
  return { tracker, wallMs, harnessCpuMs, exitCode, signal, failure, resources, interrupted: stopper.interrupted };
}

/**
 * Runs one pipeline process: `<command...> <workload>` under bench-launcher, in its own process
 * group, stdout parsed as protocol lines, the tree sampled from /proc, killed as a whole on
 * timeout, protocol error or abort.
 */
export async function runPipelineProcess(opts: SpawnOptions): Promise<ProcessOutcome> {
  const [launcher, ...args] = launcherArgv(opts.launcherReportPath, [...opts.command, opts.workloadPath]);
  const at: AtSpawn = { monotonicMs: monotonicMs(), harnessCpu: process.cpuUsage(), oomKills: oomKillCount() };
  const tracker = new ProtocolTracker(at.monotonicMs);
  const child = spawnInGroup(launcher, args, opts);

  const pid = child.pid;
  const sampler = pid ? new TreeSampler(pid, { intervalMs: opts.sampleIntervalMs, rootIsLauncher: true }).start() : null;
  const stopper = new Stopper<IterationFailure>(() => {
    if (pid) killTree(pid, sampler?.seenProcesses() ?? []);
  });
  const disarm = stopOnTimeoutOrAbort(stopper, opts.timeoutMs, opts.signal, {
    timeout: { kind: 'timeout', message: timeoutMessage(opts.timeoutMs), timeoutMs: opts.timeoutMs },
    interrupted: { kind: 'interrupted', message: INTERRUPTED_MESSAGE },
  });
  const reading = readProtocol(child.stdout!, tracker, stopper, opts.onEvent);

  let result: Awaited<typeof child>;
  try {
    result = await child;
    await reading;
  } finally {
    disarm();
  }
  return settle(opts, { pid, at, tracker, stopper, sampler }, result);
}
