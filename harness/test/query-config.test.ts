/**
 * The query workload's settings (config/query.ts): the defaults (the repo's 40 texts, top 10,
 * levels 1, 4, 16, 3 passes, 1 with --quick), the bench config's own, and bad settings refused
 * with the key named: in-process as a ConfigError, and on the command line with exit 2.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const PIPES = [fakePipeline('a'), fakePipeline('b')];
const resolve = (extra: Record<string, unknown>, flags: string[] = []) => {
  const file = writeTestConfig(PIPES, { sets: { query: ['a'] }, ...extra });
  return resolveConfig(parseBenchArgs(['--config', file, '--workload', 'query', ...flags])!);
};
const refusal = (extra: Record<string, unknown>, texts?: unknown) => {
  const file = writeTestConfig(PIPES, { sets: { query: ['a'] }, ...extra });
  if (texts !== undefined) writeFileSync(path.join(path.dirname(file), 'texts.json'), typeof texts === 'string' ? texts : JSON.stringify(texts));
  try {
    resolveConfig(parseBenchArgs(['--config', file, '--workload', 'query'])!);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no refusal');
};

describe('query settings: defaults and the config', () => {
  it('defaults to the repo texts, top 10, levels 1, 4, 16, 3 passes, 1 + 5 runs; --quick: 1 pass, 0 + 3 runs', () => {
    const c = resolve({});
    expect(c.query).toMatchObject({ topK: 10, concurrency: [1, 4, 16], passes: 3, speakers: ['a'], indexer: null });
    expect(c.query!.texts).toHaveLength(40);
    expect(c.query!.textsFile).toMatch(/pipelines\/queries\/python-docs\.json$/);
    expect([c.warmup, c.iterations]).toEqual([1, 5]);
    const q = resolve({}, ['--quick']);
    expect([q.query!.passes, q.warmup, q.iterations]).toEqual([1, 0, 3]);
  });

  it("takes the config's section and the indexer's spec; another workload has no query settings", () => {
    const c = resolve({ query: { topK: 5, concurrency: [2, 8], passes: 4, indexer: 'b' } }, ['--iterations', '2']);
    expect(c.query).toMatchObject({ topK: 5, concurrency: [2, 8], passes: 4 });
    expect(c.query!.indexer!.id).toBe('b');
    expect(c.iterations).toBe(2);
    const file = writeTestConfig(PIPES);
    expect(resolveConfig(parseBenchArgs(['--config', file])!).query).toBeUndefined();
  });
});

describe('query settings: bad ones name the key', () => {
  it.each([
    [{ query: { topK: 0 } }, /query\.topK must be >= 1/],
    [{ query: { concurrency: [] } }, /query\.concurrency must NOT have fewer than 1 items/],
    [{ query: { concurrency: [1, 1] } }, /query\.concurrency must NOT have duplicate items/],
    [{ query: { passes: 1.5 } }, /query\.passes must be integer/],
    [{ query: { bogus: 1 } }, /query: unknown key "bogus"/],
    [{ query: { indexer: 'nope' } }, /query\.indexer: unknown pipeline "nope"; configured: a, b/],
    [{ query: { texts: 'missing.json' } }, /query\.texts \(.*missing\.json\): file not found/],
  ])('%j', (extra, message) => {
    expect(refusal(extra)).toMatch(message);
  });

  it.each([
    ['{not json', /query\.texts \(.*\): not valid JSON/],
    [{ texts: [] }, /must hold \{"texts": \[\.\.\.\]\} with at least one text/],
    [{ texts: ['ok', ''] }, /texts\[1\] must be a non-empty string, got ""/],
  ])('texts file %j', (texts, message) => {
    expect(refusal({ query: { texts: 'texts.json' } }, texts)).toMatch(message);
  });

  it('on the command line: exit 2, the key named', async () => {
    const file = writeTestConfig(PIPES, { query: { topK: 0 } });
    const r = await runBenchCli(['--config', file, '--workload', 'query', '--no-setup']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/query\.topK must be >= 1/);
  });

  it('a run without a pipeline that speaks the job: exit 2, the set named', async () => {
    const file = writeTestConfig(PIPES);
    const r = await runBenchCli(['--config', file, '--workload', 'query', '--no-setup']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no pipeline of this run implements the query job: the config's set "query" lists none/);
  });
});
