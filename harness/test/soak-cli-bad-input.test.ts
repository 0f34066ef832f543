/** `npm run soak` on bad flags: exit 2 with a message naming the flag, no stack trace, nothing run. */
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { parseSoakArgs } from '../src/soak/args.js';
import { REPO } from './helpers.js';

const soak = (args: string[]) =>
  execa(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'harness/src/cli/soak.ts'), ...args], { reject: false, cwd: REPO, env: { CI: '1' } });

describe('soak flags', () => {
  it.each([
    [['--iterations', '0'], /--iterations must be an integer >= 1, got "0"/],
    [['--iterations', 'many'], /--iterations must be an integer >= 1, got "many"/],
    [['--warmup', '-1'], /--warmup/],
    [['--max-slope', '0'], /--max-slope must be a number > 0/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--pipelines', ','], /--pipelines needs at least one pipeline id/],
    [['--iterations', '10', '--warmup', '0', '--skip', '8'], /--skip 8 leaves 2 of 10 rounds for the slope; it needs at least 5/],
    [['stray'], /unexpected argument\(s\) "stray"/],
  ])('%j: ConfigError naming the flag', (args, message) => {
    expect(() => parseSoakArgs(args)).toThrow(ConfigError);
    expect(() => parseSoakArgs(args)).toThrow(message);
  });

  it('defaults: 200 iterations, 1 warmup, 20 skipped, stub mode, the index workload', () => {
    const cli = parseSoakArgs([])!;
    expect(cli).toMatchObject({ skip: 20, maxSlopeKiB: 4, bench: { iterations: 200, warmup: 1, mode: 'stub', workload: 'index' } });
    expect(parseSoakArgs(['--pipelines', 'rust,ts', '--no-setup'])!.bench).toMatchObject({ pipelines: ['rust', 'ts'], setup: false });
  });

  it('through the real process: exit 2, the flag on stderr, no stack trace', async () => {
    for (const [args, flag] of [
      [['--iterations', '0'], '--iterations'],
      [['--bogus'], '--bogus'],
    ] as const) {
      const r = await soak([...args]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('an unknown pipeline id: exit 2 from the bench config, naming it', async () => {
    const r = await soak(['--pipelines', 'nope', '--no-setup']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/nope/);
  });
});
