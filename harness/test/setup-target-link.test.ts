// bench.config.json names the Rust pipelines as target/release/<bin>: with CARGO_TARGET_DIR set,
// set-up links the checkout's target/ to it, and refuses a target/ that is another build's
// (which would run stale binaries). Real directories and links in a temp dir.
import { lstatSync, mkdirSync, mkdtempSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SetupError } from '../src/errors.js';
import { ensureTargetLink } from '../src/setup/steps/target-link.js';

function checkout(): { repo: string; cargoTarget: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'target-link-'));
  const repo = path.join(root, 'repo');
  const cargoTarget = path.join(root, 'cargo-target');
  mkdirSync(repo);
  mkdirSync(cargoTarget);
  return { repo, cargoTarget };
}

describe("the checkout's target/ with CARGO_TARGET_DIR", () => {
  it('without CARGO_TARGET_DIR nothing is touched: cargo builds into target/ itself', () => {
    const { repo } = checkout();
    expect(ensureTargetLink({}, repo)).toBe('default');
    expect(() => lstatSync(path.join(repo, 'target'))).toThrow();
  });

  it('is linked to CARGO_TARGET_DIR when absent, and found linked the next time', () => {
    const { repo, cargoTarget } = checkout();
    expect(ensureTargetLink({ CARGO_TARGET_DIR: cargoTarget }, repo)).toBe('linked');
    expect(readlinkSync(path.join(repo, 'target'))).toBe(cargoTarget);
    expect(ensureTargetLink({ CARGO_TARGET_DIR: cargoTarget }, repo)).toBe('already linked');
  });

  it('a relative CARGO_TARGET_DIR is taken from the checkout, as cargo takes it from its cwd', () => {
    const { repo } = checkout();
    mkdirSync(path.join(repo, 'build-here'));
    expect(ensureTargetLink({ CARGO_TARGET_DIR: 'build-here' }, repo)).toBe('linked');
    expect(readlinkSync(path.join(repo, 'target'))).toBe(path.join(repo, 'build-here'));
  });

  it('a target/ directory of another build is refused, naming both paths and what to do', () => {
    const { repo, cargoTarget } = checkout();
    mkdirSync(path.join(repo, 'target'));
    const refuse = () => ensureTargetLink({ CARGO_TARGET_DIR: cargoTarget }, repo);
    expect(refuse).toThrow(SetupError);
    expect(refuse).toThrow(`CARGO_TARGET_DIR is ${cargoTarget}, but ${path.join(repo, 'target')} is not that directory`);
    expect(refuse).toThrow(`what to do: remove ${path.join(repo, 'target')}`);
  });

  it('a dangling target link is refused too, not replaced behind the user', () => {
    const { repo, cargoTarget } = checkout();
    symlinkSync(path.join(repo, 'gone'), path.join(repo, 'target'));
    expect(() => ensureTargetLink({ CARGO_TARGET_DIR: cargoTarget }, repo)).toThrow(/is not that directory/);
  });
});
