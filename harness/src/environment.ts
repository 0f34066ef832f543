import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from './types.js';

function cpuModel(): string {
  return os.cpus()[0]?.model?.trim() || 'unknown CPU';
}

function osDescription(): string {
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1];
    return `${pretty ?? os.type()} (${os.platform()} ${os.release()} ${os.arch()})`;
  } catch {
    return `${os.type()} ${os.release()} ${os.arch()}`;
  }
}

/** The CPU frequency governor(s) in force, e.g. "performance"; null when there is no cpufreq (common in VMs). */
export function cpuGovernor(sysCpuDir = '/sys/devices/system/cpu'): string | null {
  let cpus: string[];
  try {
    cpus = readdirSync(sysCpuDir).filter((d) => /^cpu\d+$/.test(d));
  } catch {
    return null;
  }
  const governors = new Set<string>();
  for (const cpu of cpus) {
    try {
      governors.add(readFileSync(path.join(sysCpuDir, cpu, 'cpufreq', 'scaling_governor'), 'utf8').trim());
    } catch {
      // no cpufreq for this CPU
    }
  }
  return governors.size ? [...governors].sort().join(', ') : null;
}

function readHead(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

const commitAtStart = new Map<string, string | null>();
/**
 * HEAD as it was when this process first asked (the CLIs ask as a run starts): the summary is
 * written at the end, and a commit made during a long run is not the code that was measured.
 */
function gitCommit(cwd: string): string | null {
  if (!commitAtStart.has(cwd)) commitAtStart.set(cwd, readHead(cwd));
  return commitAtStart.get(cwd) ?? null;
}

/** The machine and software a run measured on. */
export function collectEnvironment(repoDir: string): Environment {
  const cpuCount = os.availableParallelism();
  const memoryBytes = os.totalmem();
  const model = cpuModel();
  // Same kind of machine = same CPU model, core count, memory (to the GiB), OS and arch.
  const fingerprint = createHash('sha256')
    .update([model, cpuCount, Math.round(memoryBytes / 2 ** 30), os.platform(), os.arch()].join('|'))
    .digest('hex')
    .slice(0, 16);
  return {
    cpuModel: model,
    cpuCount,
    memoryBytes,
    os: osDescription(),
    kernel: os.release(),
    cpuGovernor: cpuGovernor(),
    node: process.version,
    gitCommit: gitCommit(repoDir),
    hostname: os.hostname(),
    fingerprint,
  };
}
