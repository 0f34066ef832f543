/** Shared set-up of the harness tests: a bench config of fake pipelines (test doubles) in a temp dir. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../src/paths.js';

export const REPO = REPO_ROOT;
export const FAKE_PIPELINE = path.join(REPO, 'harness/test/doubles/fake-pipeline.mjs');
export const TEST_CORPUS = path.join(REPO, 'pipelines/testdata/corpus');

export function fakePipeline(id: string, env: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return { id, name: `Fake ${id}`, command: ['node', FAKE_PIPELINE], env: { FAKE_PIPELINE_ID: id, ...env }, ...extra };
}

/** Writes a bench config into a fresh temp dir and returns its path. */
export function writeTestConfig(pipelines: unknown[], extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  const file = path.join(dir, 'bench.config.json');
  writeFileSync(file, JSON.stringify({ pipelines, mode: 'stub', warmup: 0, iterations: 1, ...extra }, null, 2));
  return file;
}

/** Runs `npm run bench`'s script as a real process. */
export function runBenchCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000) {
  return execa('npx', ['tsx', path.join(REPO, 'harness/src/cli/bench.ts'), ...args], {
    cwd: REPO,
    env: { CI: '1', ...env },
    reject: false,
    timeout: timeoutMs,
  });
}

/** Runs runBench in-process against the fake Qdrant (test double) with fake pipelines; no set-up. */
export async function benchWithFakes(pipelines: unknown[], extra: Record<string, unknown> = {}, flags: string[] = []) {
  const { resolveConfig } = await import('../src/config/index.js');
  const { parseBenchArgs } = await import('../src/config/cli.js');
  const { runBench } = await import('../src/run/bench.js');
  const { startFakeQdrant } = await import('./doubles/fake-qdrant.js');
  const qdrant = await startFakeQdrant();
  const configFile = writeTestConfig(pipelines, extra);
  const out = path.join(path.dirname(configFile), 'results');
  const config = resolveConfig(parseBenchArgs(['--config', configFile, '--corpus', TEST_CORPUS, '--no-setup', '--out', out, ...flags])!);
  try {
    const store = { kind: 'external' as const, name: 'fake-qdrant', version: 'double', restUrl: qdrant.url, grpcUrl: qdrant.url, stop: async () => {} };
    const result = await runBench(config, { store, reports: false });
    return { ...result, qdrant, out };
  } finally {
    await qdrant.close();
  }
}
