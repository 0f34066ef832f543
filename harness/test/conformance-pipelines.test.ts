/**
 * Every pipeline of bench.config.json (the three built-in ones, and each variant listed there)
 * passes every case of the conformance kit, run as `npm run conformance` runs it. A missing
 * build is a failure naming the set-up step, never a skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseLine } from '../src/conformance/format.js';
import { runConformance } from '../src/conformance/run.js';
import { loadCaseTable } from '../src/conformance/table.js';
import { DEFAULT_CONFIG_PATH, DEFAULT_MODEL_DIR, REPO_ROOT } from '../src/paths.js';
import { type EmbeddedStore, startEmbeddedStore } from '../src/store/index.js';

interface ConfiguredPipeline {
  id: string;
  command: string[];
  env?: Record<string, string>;
}

const { pipelines } = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { pipelines: ConfiguredPipeline[] };
/** The command's program or script, as the bench resolves it: relative to the config file's directory. */
const built = (p: ConfiguredPipeline) => p.command.filter((part) => part.includes('/')).map((part) => path.resolve(path.dirname(DEFAULT_CONFIG_PATH), part));
/**
 * The Python pipeline's code from this checkout: the shared venv may have rag_baseline installed
 * (editable) from another one. Harmless for the other pipelines and in a fresh clone.
 */
const PYTHONPATH = path.join(REPO_ROOT, 'python-baseline', 'src');

describe('every pipeline of bench.config.json passes the conformance kit', () => {
  let store: EmbeddedStore;
  const table = loadCaseTable();

  beforeAll(async () => {
    store = await startEmbeddedStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  for (const pipeline of pipelines) {
    it(`${pipeline.id}: ${pipeline.command.join(' ')}`, { timeout: 3_600_000 }, async () => {
      const missing = built(pipeline).filter((file) => !existsSync(file));
      expect(missing, `${pipeline.id} is not built: run \`npm run setup -- --pipelines ${pipeline.id}\``).toEqual([]);
      const results = await runConformance({
        command: pipeline.command,
        cwd: path.dirname(DEFAULT_CONFIG_PATH),
        table,
        cases: table.cases,
        store,
        modelDir: DEFAULT_MODEL_DIR,
        timeoutMs: 900_000,
        env: { ...pipeline.env, PYTHONPATH },
      });
      expect(results.map((r) => r.id)).toEqual(table.cases.map((c) => c.id));
      expect(results.filter((r) => r.outcome.kind === 'fail').map(caseLine)).toEqual([]);
    });
  }
});
