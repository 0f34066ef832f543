/**
 * The `collection` section of bench.config.json: Qdrant's shard and replica counts go from the
 * config through the run's settings into every workload file (`qdrant.shard_number`,
 * `qdrant.replication_factor`); unset, the workload has neither (the store's defaults). A bad
 * value is exit 2 naming the key, never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { buildWorkload, workloadSettings } from '../src/run/workload.js';
import { workloadDifferences } from '../src/analysis/gate/comparable.js';
import { fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const config = (collection: unknown) => writeTestConfig([fakePipeline('a')], collection === undefined ? {} : { collection });
const resolve = (file: string) => resolveConfig(parseBenchArgs(['--config', file])!);
const corpus = { dir: '/c', files: ['a.txt'], totalFiles: 1, bytes: 1, subset: 'default' };
const store = { restUrl: 'http://127.0.0.1:6333', grpcUrl: 'http://127.0.0.1:6334' };
const qdrantOf = (file: string) => {
  const settings = workloadSettings(resolve(file), corpus, '/m', 'stub');
  return { settings, qdrant: buildWorkload(settings, store, 'coll').qdrant as Record<string, unknown> };
};

describe('the collection section', () => {
  it('both counts reach the settings and every workload file', () => {
    const { settings, qdrant } = qdrantOf(config({ shardNumber: 6, replicationFactor: 2 }));
    expect(settings.collection).toEqual({ shardNumber: 6, replicationFactor: 2 });
    expect(qdrant).toMatchObject({ collection: 'coll', shard_number: 6, replication_factor: 2 });
  });

  it('one count alone is the only one sent', () => {
    const { qdrant } = qdrantOf(config({ replicationFactor: 3 }));
    expect(qdrant.replication_factor).toBe(3);
    expect('shard_number' in qdrant).toBe(false);
  });

  it('without the section (or an empty one): neither is sent, nothing is recorded', () => {
    for (const file of [config(undefined), config({})]) {
      const { settings, qdrant } = qdrantOf(file);
      expect(settings.collection).toBeUndefined();
      expect(Object.keys(qdrant).sort()).toEqual(['collection', 'grpc_url', 'url']);
    }
  });

  it('runs with different counts are not the same workload for the gate; absent equals absent', () => {
    const a = qdrantOf(config({ shardNumber: 3 })).settings;
    const b = qdrantOf(config(undefined)).settings;
    expect(workloadDifferences(a, b)).toEqual(['collection: baseline {"shardNumber":3}, candidate {}']);
    expect(workloadDifferences(b, qdrantOf(config({})).settings)).toEqual([]);
  });

  it.each([
    [{ shardNumber: 0 }, /collection\.shardNumber must be >= 1/],
    [{ replicationFactor: -1 }, /collection\.replicationFactor must be >= 1/],
    [{ shardNumber: 1.5 }, /collection\.shardNumber must be integer/],
    [{ replicationFactor: '2' }, /collection\.replicationFactor must be integer/],
    [{ shardNumber: 2 ** 32 }, /collection\.shardNumber must be <= 4294967295/],
    [{ shards: 3 }, /collection: unknown key "shards"/],
  ])('%j is a ConfigError naming the key', (section, message) => {
    let error: unknown = null;
    try {
      resolve(config(section));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toMatch(message);
  });

  it('through the real CLI: exit 2, the key on stderr, no stack trace', async () => {
    const r = await runBenchCli(['--config', config({ shardNumber: 0 }), '--no-setup']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/collection\.shardNumber must be >= 1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
