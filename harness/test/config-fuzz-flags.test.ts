/**
 * Fuzzing `npm run bench` flags (issue 14): one bad flag (or a bad pair) hidden among valid ones,
 * seeded and counted (fuzz-settings.ts). Each must be a ConfigError (exit 2) naming the flag or
 * the token, with no stack trace; valid combinations alone must be accepted. In-process through
 * parseBenchArgs + resolveConfig, then a handful through the real CLI process.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { fuzzParameters } from './fuzz-settings.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const config = writeTestConfig([fakePipeline('a'), fakePipeline('b')], { sets: { pair: ['a', 'b'] } });

/** A bad flag: its argv tokens and what the message must contain. */
interface Bad {
  argv: string[];
  names: string[];
  /** Must come last (a flag missing its value). */
  last?: boolean;
}

const notDigits = fc.string({ maxLength: 8 }).filter((s) => !/^\d+$/.test(s.trim()));
const INT_FLAGS: Array<[string, number]> = [
  ['--iterations', 1],
  ['--warmup', 0],
  ['--threads', 1],
  ['--seed', 0],
  ['--embed-batch-size', 1],
  ['--upsert-batch-size', 1],
];

const validFlag = fc.oneof(
  ...INT_FLAGS.map(([flag, min]) => fc.integer({ min, max: 1000 }).map((n) => [flag, String(n)])),
  fc.double({ min: 0.001, max: 1e6, noNaN: true }).map((s) => ['--timeout', String(s)]),
  fc.constantFrom(['--mode', 'stub'], ['--mode', 'full'], ['--quick'], ['--no-setup'], ['--out', '/tmp/fuzz-results']),
);

/** Not an integer >= min: text, the integer just below, any below, a fraction. */
const badValue = (min: number) =>
  fc.oneof(
    notDigits,
    fc.constant(String(min - 1)),
    fc.integer({ min: -1000, max: min - 1 }).map(String),
    fc
      .double({ noNaN: true })
      .filter((x) => !Number.isInteger(x))
      .map(String),
  );
const ID = fc.stringMatching(/^[a-z]{1,6}$/);
const badFlag: fc.Arbitrary<Bad> = fc.oneof(
  ...INT_FLAGS.map(([flag, min]) => fc.tuple(badValue(min), fc.boolean()).map(([v, eq]): Bad => ({ argv: eq ? [`${flag}=${v}`] : [flag, v], names: [flag] }))),
  fc
    .oneof(notDigits, fc.double({ noNaN: true, max: 0 }).map(String))
    .filter((v) => !(Number(v) > 0))
    .map((v): Bad => ({ argv: ['--timeout', v], names: ['--timeout'] })),
  ID.filter((m) => m !== 'full' && m !== 'stub').map((m): Bad => ({ argv: ['--mode', m], names: ['--mode', m] })),
  fc
    .constantFrom(...INT_FLAGS.map(([f]) => f), '--mode', '--timeout', '--pipelines', '--set', '--config')
    .map((f): Bad => ({ argv: [f], names: [f], last: true })),
  ID.map((n): Bad => ({ argv: [`--zz${n}`], names: [`--zz${n}`] })),
  ID.map((word): Bad => ({ argv: [word], names: [word] })),
  fc.constant<Bad>({ argv: ['--quick', '--full'], names: ['--quick', '--full'] }),
  fc.constant<Bad>({ argv: ['--pipelines', 'a', '--set', 'pair'], names: ['--pipelines', '--set'] }),
  fc.constant<Bad>({ argv: ['--set', 'pair', '--matrix'], names: ['--set', '--matrix'] }),
  ID.map((id): Bad => ({ argv: ['--pipelines', `a,zz${id}`], names: ['--pipelines', `zz${id}`] })),
  fc.constantFrom(',', ' , ,').map((ids): Bad => ({ argv: ['--pipelines', ids], names: ['--pipelines'] })),
  ID.map((s): Bad => ({ argv: ['--set', `zz${s}`], names: ['--set', `zz${s}`] })),
  fc.constant<Bad>({ argv: ['--matrix'], names: ['--matrix', '"matrix"'] }),
);

/** Valid flags around one bad one, at a random place (last if it needs to be). */
const argvWithOneBad = fc.tuple(fc.array(validFlag, { maxLength: 4 }), badFlag, fc.nat()).map(([valid, bad, at]) => {
  const flags = valid.filter((f) => !(f[0] === '--quick' && bad.argv.includes('--full')));
  const i = bad.last ? flags.length : at % (flags.length + 1);
  return { argv: [...flags.slice(0, i), bad.argv, ...flags.slice(i)].flat(), names: bad.names };
});

function resolveArgs(argv: string[]): unknown {
  try {
    const cli = parseBenchArgs(['--config', config, ...argv]);
    if (cli) resolveConfig(cli);
    return null;
  } catch (err) {
    return err;
  }
}

describe('flag fuzz: bad `npm run bench` flag combinations', () => {
  it('valid flags alone are accepted (the generator of the rest is sound)', () => {
    fc.assert(
      fc.property(fc.array(validFlag, { maxLength: 6 }), (flags) => {
        expect(resolveArgs(flags.flat())).toBeNull();
      }),
      fuzzParameters('valid flag combinations', 200),
    );
  });

  it('one bad flag among valid ones: exit 2, the flag named, no stack trace', () => {
    fc.assert(
      fc.property(argvWithOneBad, ({ argv, names }) => {
        const err = resolveArgs(argv);
        expect(err, err === null ? `accepted: ${JSON.stringify(argv)}` : String(err)).toBeInstanceOf(ConfigError);
        const e = err as ConfigError;
        expect(e.exitCode).toBe(2);
        expect(e.message).not.toMatch(/\n\s+at /);
        for (const n of names) expect(e.message, JSON.stringify(argv)).toContain(n);
      }),
      fuzzParameters('bad flag combinations', 800),
    );
  });

  it('through the real CLI process: exit 2, the flag named on stderr, no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(argvWithOneBad, async ({ argv, names }) => {
        const res = await runBenchCli(['--config', config, '--no-setup', ...argv]);
        expect(res.exitCode, res.stderr).toBe(2);
        expect(res.stderr).not.toMatch(/\n\s+at |unexpected failure/);
        for (const n of names) expect(res.stderr).toContain(n);
      }),
      fuzzParameters('bad flags through the CLI', 5),
    );
  });
});
