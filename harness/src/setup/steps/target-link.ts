import { existsSync, lstatSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../paths.js';
import { SetupError } from '../run-step-command.js';

const STEP = 'Rust target directory';

/** What ensureTargetLink found or did: the checkout's target/ is cargo's target dir. */
export type TargetLink = 'default' | 'linked' | 'already linked';

/**
 * bench.config.json names the Rust pipelines as `target/release/<bin>` inside the checkout, but
 * cargo builds into CARGO_TARGET_DIR when it is set. So with CARGO_TARGET_DIR set, the
 * checkout's `target` must be a link to it: made here when absent. A `target` that is something
 * else would run stale binaries from an older build, so that is refused with what to do.
 */
export function ensureTargetLink(env: NodeJS.ProcessEnv = process.env, repoRoot: string = REPO_ROOT): TargetLink {
  const targetDir = env.CARGO_TARGET_DIR;
  if (!targetDir) return 'default';
  const wanted = path.resolve(repoRoot, targetDir);
  const link = path.join(repoRoot, 'target');
  if (!existsSync(link) && !isDanglingLink(link)) {
    symlinkSync(wanted, link, 'dir');
    return 'linked';
  }
  if (existsSync(link) && existsSync(wanted) && realpathSync(link) === realpathSync(wanted)) return 'already linked';
  throw new SetupError(
    STEP,
    `CARGO_TARGET_DIR is ${wanted}, but ${link} is not that directory: the pipelines' commands in bench.config.json (target/release/...) would run binaries from another build.`,
    `remove ${link} (set-up then links it to CARGO_TARGET_DIR), or unset CARGO_TARGET_DIR to build into it.`,
  );
}

function isDanglingLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
