/** Shared set-up of the query workload's tests: a config of query doubles (test doubles) run in-process against a given store. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { silentProgress } from '../src/progress/index.js';
import { runBench } from '../src/run/bench.js';
import { storeClient } from '../src/store/collections.js';
import type { StoreHandle } from '../src/store/index.js';
import { REPO, TEST_CORPUS, writeTestConfig } from './helpers.js';

export const QUERY_DOUBLE = path.join(REPO, 'harness/test/doubles/query-double-pipeline.mjs');
export const QUERY_TEXTS = ['Which encoding does the corpus use?', 'How are Windows line endings handled?', 'What does the markdown file hold?', 'unicode'];

export function queryDouble(id: string, language: string, env: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `Query double ${id}`,
    language,
    command: ['node', QUERY_DOUBLE],
    env: { FAKE_PIPELINE_ID: id, QUERY_DOUBLE_EMBED_MS: '40', ...env },
    ...extra,
  };
}

/** A config of doubles with a texts file beside it; runs it in-process against `store`. */
export async function queryRun(store: StoreHandle, pipelines: unknown[], flags: string[] = [], signal?: AbortSignal, onMessage?: (t: string) => void) {
  const ids = (pipelines as Array<{ id: string; env?: Record<string, string> }>).filter((p) => p.env?.QUERY_DOUBLE_EMBED_MS).map((p) => p.id);
  const query = { texts: 'texts.json', topK: 3, concurrency: [1, 4], passes: 2 };
  const configFile = writeTestConfig(pipelines, { sets: { query: ids }, query });
  writeFileSync(path.join(path.dirname(configFile), 'texts.json'), JSON.stringify({ texts: QUERY_TEXTS }));
  const out = path.join(path.dirname(configFile), 'results');
  const args = ['--config', configFile, '--corpus', TEST_CORPUS, '--no-setup', '--out', out, '--workload', 'query', ...flags];
  const config = resolveConfig(parseBenchArgs(args)!);
  const progress = { ...silentProgress, message: (t: string) => onMessage?.(t) };
  const result = await runBench(config, { store, signal, progress });
  return { ...result, collectionsLeft: (await storeClient(store).getCollections()).collections };
}
