import { execa } from 'execa';
import { launcherArgv, readLauncherReport, withLauncherReport } from '../measure/launcher.js';
import { oomKillCount } from '../measure/proc.js';
import { TreeSampler } from '../measure/sampler.js';
import type { IterationFailure, ResourceUsage } from '../types.js';
import { exitFailure } from './exit-outcome.js';
import { killTree } from './kill.js';
import { boundedLines, LineTooLongError } from './lines.js';
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

/**
 * Runs one pipeline process: `<command...> <workload>` under bench-launcher, in its own process
 * group, stdout parsed as protocol lines, the tree sampled from /proc, killed as a whole on
 * timeout, protocol error or abort.
 */
export async function runPipelineProcess(opts: SpawnOptions): Promise<ProcessOutcome> {
  const file = opts.command[0];
  const [launcher, ...args] = launcherArgv(opts.launcherReportPath, [...opts.command, opts.workloadPath]);
  const spawnedAt = monotonicMs();
  const harnessCpuAtSpawn = process.cpuUsage();
  const oomKillsAtSpawn = oomKillCount();
  const tracker = new ProtocolTracker(spawnedAt);
  let failure: IterationFailure | null = null;
  let interrupted = false;

  const child = execa(launcher, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: { file: opts.stderrPath },
    buffer: false,
    reject: false,
    detached: true, // own process group: Ctrl-C in the terminal reaches the harness only, which kills the tree
    cleanup: true,
    windowsHide: true,
  });

  const pid = child.pid;
  const sampler = pid ? new TreeSampler(pid, { intervalMs: opts.sampleIntervalMs, rootIsLauncher: true }).start() : null;
  const kill = (reason: IterationFailure) => {
    failure ??= reason;
    if (pid) killTree(pid, sampler?.seenProcesses() ?? []);
  };

  const timer = setTimeout(
    () => kill({ kind: 'timeout', message: `still running after ${opts.timeoutMs / 1000} s (--timeout); process tree killed`, timeoutMs: opts.timeoutMs }),
    opts.timeoutMs,
  );
  const onAbort = () => {
    interrupted = true;
    kill({ kind: 'interrupted', message: 'interrupted (Ctrl-C)' });
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  const reading = (async () => {
    try {
      for await (const line of boundedLines(child.stdout!, MAX_LINE_BYTES)) {
        if (failure) continue; // drain after a kill
        if (line.trim() === '') continue;
        try {
          const ev = parseProtocolLine(line);
          tracker.accept(ev);
          opts.onEvent?.(ev);
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
          kill({ kind: 'protocol', message: err.message });
        }
      }
    } catch (err) {
      if (!(err instanceof LineTooLongError)) throw err;
      kill({ kind: 'protocol', message: err.message }); // the rest of stdout is discarded with the stream
    }
  })();

  let result: Awaited<typeof child>;
  try {
    result = await child;
    await reading;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const harnessCpu = process.cpuUsage(harnessCpuAtSpawn);
  const seenWallMs = monotonicMs() - spawnedAt;
  // Leave nothing behind: a pipeline's helpers still running after it exited are killed too.
  if (pid) killTree(pid, sampler?.seenProcesses() ?? []);
  const launched = readLauncherReport(opts.launcherReportPath);
  const resources = sampler ? withLauncherReport(sampler.stop(), launched) : null;
  if (launched) tracker.spawnMonotonicMs = launched.forkTMs;
  const wallMs = launched ? launched.exitTMs - launched.forkTMs : seenWallMs;

  const exitCode = result.exitCode ?? null;
  const signal = result.signal ?? null;
  const oomKills = (oomKillCount() ?? 0) - (oomKillsAtSpawn ?? 0);
  failure ??= exitFailure({ pid, file, spawnMessage: result.message, launched, exitCode, signal, tracker, stderrPath: opts.stderrPath, resources, oomKills });
  const harnessCpuMs = (harnessCpu.user + harnessCpu.system) / 1000;
  return { tracker, wallMs, harnessCpuMs, exitCode, signal, failure, resources, interrupted };
}
