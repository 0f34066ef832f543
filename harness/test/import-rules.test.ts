/**
 * The layers point one way, kept by biome's restricted imports (biome.json overrides): stats/
 * imports nothing of the harness; report/ imports no analysis, run, measure, results, gate or
 * store. Each rule is shown to reject a file that breaks it, and the tree to pass.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

const BIOME = path.join(REPO, 'node_modules/.bin/biome');

/** Lints one probe file at `file` (a repo path) under the project's biome.json, in a scratch copy of the layout. */
async function lint(file: string, source: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-rules-'));
  const { $schema: _schema, vcs: _vcs, ...config } = JSON.parse(readFileSync(path.join(REPO, 'biome.json'), 'utf8'));
  writeFileSync(path.join(dir, 'biome.json'), JSON.stringify(config));
  mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  writeFileSync(path.join(dir, file), source);
  return execa(BIOME, ['lint', '--colors=off', file], { cwd: dir, reject: false });
}

describe('import rules', () => {
  it('stats/ may not import the schema or anything else of the harness', async () => {
    const r = await lint('harness/src/stats/probe.ts', "import type { Estimate } from '../types.js';\nexport type X = Estimate;\n");
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/stats\/ is a leaf/);
  });

  it('report/ may not import analysis (nor run, measure, results, gate, store)', async () => {
    for (const layer of ['analysis/summarize', 'run/bench', 'measure/sampler', 'results/publish']) {
      const r = await lint('harness/src/report/probe.ts', `import * as m from '../${layer}.js';\nexport const x = m;\n`);
      expect(r.exitCode, layer).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/report\/ only renders/);
    }
  });

  it('what the layers may import passes', async () => {
    const r = await lint('harness/src/report/probe.ts', "import type { RunSummary } from '../types.js';\nexport type X = RunSummary;\n");
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it('the tree passes biome (format, lint, import rules)', async () => {
    const r = await execa(BIOME, ['ci', '--colors=off'], { cwd: REPO, reject: false });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
