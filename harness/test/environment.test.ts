import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectEnvironment, cpuGovernor } from '../src/environment.js';

describe('the environment a run records', () => {
  it('has the kernel release', () => {
    expect(collectEnvironment(process.cwd()).kernel).toBe(os.release());
  });

  it('reads the CPU governors from sysfs, and says null where there is no cpufreq', () => {
    const sys = mkdtempSync(path.join(os.tmpdir(), 'sys-cpu-'));
    for (const [cpu, governor] of [
      ['cpu0', 'performance'],
      ['cpu1', 'powersave'],
      ['cpu2', 'performance'],
    ]) {
      mkdirSync(path.join(sys, cpu, 'cpufreq'), { recursive: true });
      writeFileSync(path.join(sys, cpu, 'cpufreq', 'scaling_governor'), `${governor}\n`);
    }
    mkdirSync(path.join(sys, 'cpufreq')); // not a CPU
    expect(cpuGovernor(sys)).toBe('performance, powersave');
    expect(cpuGovernor(mkdtempSync(path.join(os.tmpdir(), 'no-cpufreq-')))).toBeNull();
    expect(collectEnvironment(process.cwd())).toHaveProperty('cpuGovernor');
  });
});

describe('the commit a run records', () => {
  it('is HEAD as the process first asked: a commit made during the run is not recorded as measured', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'env-commit-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'measured');
    const atStart = git('rev-parse', 'HEAD');
    expect(collectEnvironment(repo).gitCommit).toBe(atStart);
    git('commit', '-q', '--allow-empty', '-m', 'made while the run ran');
    expect(git('rev-parse', 'HEAD')).not.toBe(atStart);
    expect(collectEnvironment(repo).gitCommit).toBe(atStart);
  });
});
