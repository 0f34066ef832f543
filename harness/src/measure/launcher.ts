/**
 * bench-launcher (harness/launcher, Rust): every pipeline runs as its child. It waits for the
 * pipeline with wait4, which hands over what /proc loses at exit: the exact resident peak
 * (ru_maxrss) and CPU of the pipeline and of every descendant it waited for, and the exact
 * fork and exit times. It ends with the pipeline's own exit code or signal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { RELEASE_DIR } from '../paths.js';
import type { ResourceUsage } from '../types.js';

export const LAUNCHER_BIN = path.join(RELEASE_DIR, 'bench-launcher');

/** What the launcher writes after the pipeline ended. */
export interface LauncherReport {
  pid: number;
  /** CLOCK_MONOTONIC ms just before fork and just after wait4 returned. */
  forkTMs: number;
  exitTMs: number;
  exitCode: number | null;
  /** e.g. `SIGKILL`, when the pipeline was killed by a signal. */
  signal: string | null;
  /** ru_maxrss: the largest resident peak of the pipeline and of the descendants it waited for. */
  maxRssBytes: number;
  userMs: number;
  systemMs: number;
  /** Why the command could not be started (exec failed), e.g. "ENOENT". */
  execError: string | null;
}

export class LauncherMissingError extends Error {}

/** argv that runs `command` under the launcher, the report going to `reportPath`. */
export function launcherArgv(reportPath: string, command: string[]): string[] {
  if (!existsSync(LAUNCHER_BIN)) {
    throw new LauncherMissingError(
      `the pipeline launcher is not built: ${LAUNCHER_BIN} is missing. Build it with \`npm run setup\` or \`cargo build --release -p bench-launcher\`.`,
    );
  }
  return [LAUNCHER_BIN, reportPath, ...command];
}

const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n as number, name]));
const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n as number, name]));

/** The launcher's report, or null when there is none (the launcher itself was killed). */
export function readLauncherReport(reportPath: string): LauncherReport | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch {
    return null;
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const sig = num(raw.signal);
  const errno = num(raw.exec_errno);
  return {
    pid: num(raw.pid) ?? 0,
    forkTMs: num(raw.fork_t_ms) ?? 0,
    exitTMs: num(raw.exit_t_ms) ?? 0,
    exitCode: num(raw.exit_code),
    signal: sig === null ? null : (signalNames.get(sig) ?? `signal ${sig}`),
    maxRssBytes: (num(raw.maxrss_kb) ?? 0) * 1024,
    userMs: num(raw.user_ms) ?? 0,
    systemMs: num(raw.system_ms) ?? 0,
    execError: errno === null ? null : (errnoNames.get(errno) ?? `errno ${errno}`),
  };
}

/**
 * The sampled figures completed with the launcher's: the peak is the largest of the sampled tree
 * sum, every process's VmHWM and the pipeline's ru_maxrss; CPU the larger of the sampled sum
 * (which sees descendants the pipeline never waited for) and wait4's (exact for the pipeline and
 * its waited-for descendants up to their exit).
 */
export function withLauncherReport(sampled: ResourceUsage, report: LauncherReport | null): ResourceUsage {
  if (!report) return sampled;
  const maxProcessHwmBytes = Math.max(sampled.maxProcessHwmBytes, report.maxRssBytes);
  const sampledCpu = sampled.cpuUserMs + sampled.cpuSystemMs;
  const waitedCpu = report.userMs + report.systemMs;
  return {
    ...sampled,
    peakRssBytes: Math.max(sampled.peakRssBytes, maxProcessHwmBytes),
    maxProcessHwmBytes,
    ...(waitedCpu > sampledCpu ? { cpuUserMs: report.userMs, cpuSystemMs: report.systemMs } : {}),
  };
}
