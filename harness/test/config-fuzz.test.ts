/**
 * Fuzzing bench.config.json (issue 14): generated bad configs, seeded and counted (fuzz-settings.ts).
 * Each must be rejected as a ConfigError (exit 2) whose message names every broken key, with no
 * stack trace; in-process for hundreds of cases, then a handful through the real `npm run bench`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.js';
import { CliError, ConfigError } from '../src/errors.js';
import { applyEdits, type Edit, independent, RULE_CASES, schemaEdits, schemaPaths, validConfig } from './config-fuzz-cases.js';
import { fuzzParameters } from './fuzz-settings.js';
import { runBenchCli } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'config-fuzz-'));
const file = path.join(dir, 'bench.config.json');

/** Resolves `text` as the config file; returns the error it raised (null: accepted). */
function resolveText(text: string): unknown {
  writeFileSync(file, text);
  try {
    resolveConfig({ config: file }, dir);
    return null;
  } catch (err) {
    return err;
  }
}

/** The error is the user's (exit 2, no stack trace) and its message says what is wrong. */
function expectConfigError(err: unknown): string {
  expect(err, err === null ? 'the config was accepted' : String(err)).toBeInstanceOf(ConfigError);
  const e = err as ConfigError;
  expect(e.exitCode).toBe(2);
  expect(e.message).not.toMatch(/\n\s+at /);
  return e.message;
}

const badEdits = fc.array(fc.oneof(...schemaEdits()), { minLength: 1, maxLength: 3 }).filter(independent);

describe('config fuzz: bad bench.config.json contents', () => {
  it('the config every edit starts from is valid', () => {
    expect(resolveText(JSON.stringify(validConfig()))).toBeNull();
  });

  it('one to three schema violations at once: every one named on its own line', () => {
    fc.assert(
      fc.property(badEdits, (edits: Edit[]) => {
        const message = expectConfigError(resolveText(JSON.stringify(applyEdits(edits))));
        const lines = message.split('\n').map((l) => l.replace(/^ {2}- /, ''));
        for (const e of edits)
          expect(
            lines.some((l) => l.startsWith(e.names)),
            `"${e.names}" in:\n${message}`,
          ).toBe(true);
      }),
      fuzzParameters('config schema violations', 600),
    );
  });

  it('any JSON value at any key: accepted, or rejected with exit 2 naming a key', () => {
    const paths = schemaPaths();
    const keyNames = [...new Set(paths.flat().filter((k): k is string => typeof k === 'string'))];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (keyPath, value) => {
        const err = resolveText(JSON.stringify(applyEdits([{ path: keyPath, value, names: '' }])));
        if (err === null) return;
        const message = expectConfigError(err);
        expect(
          keyNames.some((k) => message.includes(k)),
          message,
        ).toBe(true);
      }),
      fuzzParameters('config any value at any key', 400),
    );
  });

  it('not JSON, or JSON but not an object: named as such', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => {
        const message = expectConfigError(resolveText(t));
        expect(message).toMatch(/is not valid JSON|\(top level\) must|pipelines/);
        expect(message).toContain(file);
      }),
      fuzzParameters('config text', 300),
    );
  });
});

describe('config fuzz: the file itself and the rules outside the schema', () => {
  it('the config file itself: a directory, an empty file, a byte-order mark', () => {
    const read = (configPath: string) => {
      try {
        resolveConfig({ config: configPath }, dir);
      } catch (err) {
        return expectConfigError(err);
      }
      throw new Error(`accepted: ${configPath}`);
    };
    expect(read(dir)).toMatch(new RegExp(`^config file ${dir} cannot be read: EISDIR`));
    writeFileSync(file, '');
    expect(read(file)).toMatch(/is not valid JSON: Unexpected end of JSON input/);
    writeFileSync(file, `\uFEFF${JSON.stringify(validConfig())}`);
    expect(read(file)).toMatch(/is not valid JSON/);
  });

  it.each(RULE_CASES)('rules outside the schema: $what', ({ edit, message }) => {
    const config = validConfig();
    edit(config);
    expect(expectConfigError(resolveText(JSON.stringify(config)))).toMatch(message);
  });
});

describe('config fuzz through the real CLI process', () => {
  it('a handful of generated bad configs: exit 2, the key named on stderr, no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(badEdits, async (edits: Edit[]) => {
        const config = path.join(mkdtempSync(path.join(os.tmpdir(), 'config-fuzz-cli-')), 'bench.config.json');
        writeFileSync(config, JSON.stringify(applyEdits(edits)));
        const res = await runBenchCli(['--config', config, '--no-setup', '--out', path.join(dir, 'results')]);
        expect(res.exitCode).toBe(2);
        expect(res.stderr).not.toMatch(/\n\s+at |unexpected failure/);
        for (const e of edits) expect(res.stderr).toContain(e.names);
      }),
      fuzzParameters('config through the CLI', 5),
    );
  });
});

// CliError is the base the CLI checks (instanceof); ConfigError must stay one of them.
it('ConfigError is a CliError', () => expect(new ConfigError('x')).toBeInstanceOf(CliError));
