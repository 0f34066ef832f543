/** Which pipelines a run measures: the default set, named sets (--set, --matrix), --pipelines; every left-out pipeline named with why. */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { ConfigError, resolveConfig } from '../src/config/index.js';
import { leaveOutUnbuildable } from '../src/config/selection.js';
import { DEFAULT_CONFIG_PATH } from '../src/paths.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const variant = (id: string, language: string, engine: string) => fakePipeline(id, {}, { language, engine, default: false });
const PIPELINES = [
  fakePipeline('py', {}, { language: 'Python', engine: 'libtorch', reference: true }),
  fakePipeline('rs', {}, { language: 'Rust', engine: 'Candle' }),
  variant('rs-ort', 'Rust', 'ONNX Runtime'),
  variant('py-ort', 'Python', 'ONNX Runtime'),
];
const SETS = { matrix: ['py', 'rs', 'rs-ort', 'py-ort'], ort: ['rs-ort', 'py-ort'] };
const resolve = (flags: string[], sets: unknown = SETS) => resolveConfig(parseBenchArgs(['--config', writeTestConfig(PIPELINES, { sets }), ...flags])!);
const ids = (flags: string[]) => resolve(flags).pipelines.map((p) => p.id);

describe('pipeline sets', () => {
  it('the default run leaves out the pipelines marked "default": false, and says how to run them', () => {
    const config = resolve([]);
    expect(config.pipelines.map((p) => p.id)).toEqual(['py', 'rs']);
    expect(config.leftOut.map((p) => [p.id, p.language, p.engine, p.reason.kind])).toEqual([
      ['rs-ort', 'Rust', 'ONNX Runtime', 'not-selected'],
      ['py-ort', 'Python', 'ONNX Runtime', 'not-selected'],
    ]);
    expect(config.leftOut[0].reason.message).toBe('not in this run (it ran the default set; npm run bench -- --matrix)');
  });

  it('--matrix runs the set "matrix", --set NAME a named set, --set all every pipeline, --pipelines any configured pipeline', () => {
    expect(ids(['--matrix'])).toEqual(['py', 'rs', 'rs-ort', 'py-ort']);
    expect(resolve(['--matrix']).leftOut).toEqual([]);
    expect(ids(['--set', 'ort'])).toEqual(['rs-ort', 'py-ort']);
    expect(ids(['--set', 'all'])).toEqual(['py', 'rs', 'rs-ort', 'py-ort']);
    expect(ids(['--pipelines', 'py-ort,rs'])).toEqual(['py-ort', 'rs']);
  });

  it('exactly one reference pipeline: the configured one if chosen, else the first', () => {
    expect(
      resolve(['--matrix'])
        .pipelines.filter((p) => p.reference)
        .map((p) => p.id),
    ).toEqual(['py']);
    expect(
      resolve(['--set', 'ort'])
        .pipelines.filter((p) => p.reference)
        .map((p) => p.id),
    ).toEqual(['rs-ort']);
  });
});

describe('pipeline sets: bad input and set-up', () => {
  it('bad sets and bad choices are named (ConfigError: exit 2)', () => {
    expect(() => resolve([], { matrix: ['py', 'rust-tch', 'ts-wasm'] })).toThrow(
      /sets\.matrix: unknown pipeline id\(s\) rust-tch, ts-wasm; configured: py, rs, rs-ort, py-ort/,
    );
    expect(() => resolve([], { ort: ['rs-ort', 'rs-ort'] })).toThrow(/sets\.ort: rs-ort listed twice/);
    expect(() => resolve([], { default: ['py'] })).toThrow(/sets\.default: the default set is not declared/);
    expect(() => resolve(['--set', 'gpu'])).toThrow(/--set gpu: no set named "gpu" in the config; sets: default, all, matrix, ort/);
    expect(() => resolve(['--matrix'], {})).toThrow(/--matrix: no set named "matrix"/);
    expect(() => resolve(['--matrix', '--pipelines', 'py'])).toThrow(/--pipelines and --matrix exclude each other/);
    expect(() => resolve([], { bad: [] })).toThrow(ConfigError);
    const noDefault = writeTestConfig([variant('a', 'Rust', 'Candle')]);
    expect(() => resolveConfig({ config: noDefault })).toThrow(/every pipeline is marked "default": false/);
  });

  it('an unknown set member: the CLI exits 2 naming it', async () => {
    const file = writeTestConfig(PIPELINES, { sets: { matrix: ['py', 'rust-tch'] } });
    const res = await runBenchCli(['--config', file, '--no-setup', '--matrix']);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/sets\.matrix: unknown pipeline id\(s\) rust-tch/);
  });

  it('a pipeline set-up cannot build is left out with its reason; the reference moves if it was one', () => {
    const config = leaveOutUnbuildable(resolve(['--matrix']), [{ id: 'py', message: 'libtorch 2.13 not found' }]);
    expect(config.pipelines.map((p) => [p.id, p.reference])).toEqual([
      ['rs', true],
      ['rs-ort', false],
      ['py-ort', false],
    ]);
    expect(config.leftOut).toEqual([
      { id: 'py', name: 'Fake py', language: 'Python', engine: 'libtorch', reason: { kind: 'not-buildable', message: 'libtorch 2.13 not found' } },
    ]);
  });

  it("the repo's config: the three keep their ids and are the default run; every pipeline has a language and an engine; --matrix runs", () => {
    const config = resolveConfig({ config: DEFAULT_CONFIG_PATH });
    expect(config.pipelines.map((p) => p.id)).toEqual(['python', 'rust', 'ts']);
    const all = resolveConfig({ config: DEFAULT_CONFIG_PATH, set: 'all' }).pipelines;
    expect(all.filter((p) => !p.language || !p.engine).map((p) => p.id)).toEqual([]);
    expect(all.find((p) => p.id === 'python')).toMatchObject({ language: 'Python', engine: 'libtorch' });
    expect(resolveConfig({ config: DEFAULT_CONFIG_PATH, matrix: true }).pipelines.length).toBeGreaterThanOrEqual(3);
  });
});
