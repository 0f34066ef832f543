/**
 * The baseline side of the same-machine mode built from another git ref: a `git worktree`
 * of that commit in the user's cache dir, sharing what is safe to share so it costs little:
 * - node_modules and the Python venv are symlinked when the ref's lock files are identical
 *   (otherwise the worktree gets its own, from its own locks: a dependency bump is measured);
 * - the Rust build uses this checkout's target dir (dependencies compile once); the baseline
 *   binary is copied into the worktree and this checkout's binary is put back.
 * The baseline pipelines are the candidate pipelines re-rooted into the worktree, with ids
 * `<id>-baseline`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { BASELINE_SUFFIX } from '../analysis/gate/interleaved.js';
import { InputError } from '../errors.js';
import { ALWAYS_BUILT_BINS, buildRustBinaries, WORKSPACE_BIN_OF } from '../setup/steps/rust-build.js';
import type { PipelineSpec } from '../types.js';

export interface BaselineCheckout {
  ref: string;
  sha: string;
  dir: string;
  pipelines: PipelineSpec[];
}

/** Same content, or absent from both (nothing to install either way). */
const same = (a: string, b: string) => existsSync(a) === existsSync(b) && (!existsSync(a) || readFileSync(a).equals(readFileSync(b)));

async function git(root: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd: root, reject: false });
  if (r.exitCode !== 0) throw new InputError(`git ${args.join(' ')} failed: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout.trim();
}

function share(root: string, dir: string, rel: string) {
  const target = path.join(root, rel);
  const link = path.join(dir, rel);
  if (existsSync(target) && !existsSync(link)) {
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

/** Paths under the repo root (and relative paths that exist in the worktree) now point into the worktree. */
export function rerootPipeline(p: PipelineSpec, root: string, dir: string, ref: string): PipelineSpec {
  const reroot = (arg: string) => {
    if (arg === root || arg.startsWith(root + path.sep)) return path.join(dir, path.relative(root, arg));
    // relative paths resolve against the bench's working directory (this checkout): point them into the worktree
    if (!path.isAbsolute(arg) && !arg.startsWith('-') && existsSync(path.join(dir, arg))) return path.join(dir, arg);
    return arg;
  };
  return {
    ...p,
    id: p.id + BASELINE_SUFFIX,
    name: `${p.name} [baseline ${ref}]`,
    command: p.command.map(reroot),
    // the venv's editable install points at this checkout's sources; the worktree's go first
    env: { ...p.env, PYTHONPATH: path.join(dir, 'python-baseline', 'src') },
    reference: false,
  };
}

/**
 * Where the worktree of `sha` lives: outside the checkout, because cargo merges every
 * .cargo/config.toml from a build's directory up to the root, so a worktree inside the repo
 * would get the rustflags twice and rebuild every dependency. One dir per checkout (a hash of
 * its path), so two clones never fight over one worktree.
 */
export function baselineWorktreeDir(root: string, sha: string): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
  const checkout = `${path.basename(root)}-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
  return path.join(cache, 'rag-bench', 'worktrees', checkout, sha.slice(0, 12));
}

export async function prepareBaselineCheckout(
  ref: string,
  candidates: PipelineSpec[],
  root: string,
  report: (line: string) => void,
): Promise<BaselineCheckout> {
  const sha = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new InputError(
      `--baseline-ref ${ref}: not a commit in this repository (fetch it first, e.g. git fetch origin ${ref}; in GitHub Actions use fetch-depth: 0)`,
    );
  });
  const dir = baselineWorktreeDir(root, sha);
  if (!existsSync(path.join(dir, '.git'))) {
    report(`creating a worktree of ${ref} (${sha.slice(0, 12)}) at ${dir}`);
    await git(root, ['worktree', 'prune']);
    await git(root, ['worktree', 'add', '--detach', '--force', dir, sha]);
  }
  const ids = new Set(candidates.map((p) => p.id));

  await shareOrInstallNodeModules(root, dir, report);
  share(root, dir, 'models');
  if (ids.has('python')) await shareOrCreateVenv(root, dir, report);
  if (ids.has('ts')) {
    report('building the baseline ts-pipeline');
    await execa(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'ts-pipeline/tsconfig.json')], {
      cwd: dir,
      stdio: 'inherit',
    });
  }

  const pipelines = candidates.map((p) => rerootPipeline(p, root, dir, ref));
  if (ids.has('rust') || pipelines.some((p) => p.command.some((arg) => arg.startsWith(path.join(dir, 'target'))))) {
    await buildBaselineRust(root, dir, sha, pipelines, report);
  }
  return { ref, sha, dir, pipelines };
}

/** The executables directly in a release dir, moved aside so a baseline build cannot leave its binaries in the candidate's place. */
function keepBinaries(release: string): Map<string, string> {
  const kept = new Map<string, string>();
  if (!existsSync(release)) return kept;
  const aside = path.join(release, '.candidate-kept');
  mkdirSync(aside, { recursive: true });
  for (const name of readdirSync(release)) {
    const file = path.join(release, name);
    if (statSync(file).isFile() && statSync(file).mode & 0o111) {
      copyFileSync(file, path.join(aside, name));
      kept.set(name, path.join(aside, name));
    }
  }
  return kept;
}

/** Puts the candidate's binaries back; a binary the candidate did not have is removed (never the baseline's in its place). */
function restoreBinaries(release: string, kept: Map<string, string>, built: string[]): void {
  for (const name of built) if (!kept.has(name)) rmSync(path.join(release, name), { force: true });
  for (const [name, backup] of kept) renameSync(backup, path.join(release, name));
  rmSync(path.join(release, '.candidate-kept'), { recursive: true, force: true });
}

/**
 * The baseline's Rust binaries: the same cargo selection as the candidate's set-up
 * (setup/steps/rust-build.ts, one function), built from the worktree into this checkout's
 * target dir (dependencies compile once), then copied into the worktree where the rerooted
 * baseline copies point.
 */
async function buildBaselineRust(root: string, dir: string, sha: string, pipelines: PipelineSpec[], report: (line: string) => void): Promise<void> {
  // The candidate's target dir: CARGO_TARGET_DIR when set (as .ci/run does), else the checkout's target/.
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
  const release = path.join(targetDir, 'release');
  const wanted = [
    ...new Set(
      pipelines
        .flatMap((p) => p.command)
        .filter((arg) => arg.startsWith(path.join(dir, 'target', 'release') + path.sep))
        .map((arg) => path.basename(arg)),
    ),
  ];
  report(`building the baseline's Rust binaries (${wanted.join(', ') || 'none referenced'}) with the candidate's cargo selection`);
  if (await workingTreeIs(root, sha)) {
    // The candidate was built from exactly this commit (a clean checkout of it, as in CI): the same
    // sources, toolchain and flags give the same binaries, so they are copied instead of compiled again.
    report(`the working tree is ${sha.slice(0, 12)} itself: the baseline uses the candidate's Rust binaries`);
    mkdirSync(path.join(dir, 'target', 'release'), { recursive: true });
    for (const name of wanted) copyFileSync(path.join(release, name), path.join(dir, 'target', 'release', name));
    return;
  }
  const kept = keepBinaries(release);
  try {
    const workspaceBins = new Set(Object.values(WORKSPACE_BIN_OF));
    await buildRustBinaries([...ALWAYS_BUILT_BINS, ...wanted.filter((name) => workspaceBins.has(name))], report, { cwd: dir, targetDir });
    mkdirSync(path.join(dir, 'target', 'release'), { recursive: true });
    for (const name of wanted) copyFileSync(path.join(release, name), path.join(dir, 'target', 'release', name));
  } finally {
    restoreBinaries(release, kept, wanted);
  }
}

/** True when HEAD is `sha` and nothing in the working tree differs from it (no change, no untracked file). */
async function workingTreeIs(root: string, sha: string): Promise<boolean> {
  return (await git(root, ['rev-parse', 'HEAD'])) === sha && (await git(root, ['status', '--porcelain'])) === '';
}

/** node_modules shared when the ref's lock file is the same as this checkout's; otherwise the ref's own, so a dependency bump is measured. */
async function shareOrInstallNodeModules(root: string, dir: string, report: (line: string) => void): Promise<void> {
  if (same(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'))) {
    for (const rel of ['node_modules', 'harness/node_modules', 'ts-pipeline/node_modules']) share(root, dir, rel);
  } else if (!existsSync(path.join(dir, 'node_modules'))) {
    report('package-lock.json differs: npm ci in the worktree');
    await execa('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  }
}

/** The Python venv shared when the ref's requirements.lock is the same; otherwise a venv of its own. */
async function shareOrCreateVenv(root: string, dir: string, report: (line: string) => void): Promise<void> {
  if (same(path.join(root, 'python-baseline/requirements.lock'), path.join(dir, 'python-baseline/requirements.lock')))
    share(root, dir, 'python-baseline/.venv');
  else if (!existsSync(path.join(dir, 'python-baseline/.venv/bin/python'))) {
    report('python-baseline/requirements.lock differs: creating the worktree its own venv');
    const venv = path.join(dir, 'python-baseline/.venv');
    await execa('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    await execa(path.join(venv, 'bin/python'), ['-m', 'pip', 'install', '--progress-bar', 'off', '-r', path.join(dir, 'python-baseline/requirements.lock')], {
      stdio: 'inherit',
    });
    await execa(path.join(venv, 'bin/python'), ['-m', 'pip', 'install', '--no-deps', '--no-build-isolation', '-e', path.join(dir, 'python-baseline')], {
      stdio: 'inherit',
    });
  }
}
