/**
 * publishRun: a renderer's bug must not lose the run's data. When the reports cannot be
 * rendered, summary.json is still written and the caller is told why.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/analysis/summarize.js';
import { publishRun } from '../src/results/publish.js';
import type { RunSummary } from '../src/types.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const summary = summarize(syntheticRun([{ id: 'py', name: 'Python', reference: true }, { id: 'rs' }], 1, 'run-fallback'));

describe('publishRun(runDir, summary, say)', () => {
  it('writes every report and says nothing when they render', () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'publish-'));
    const said: string[] = [];
    publishRun(runDir, summary, (m) => said.push(m), { history: [] });
    expect(said).toEqual([]);
    expect(readdirSync(runDir)).toContain('report.md');
  });

  it('still writes summary.json, and says so, when a renderer throws', () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'publish-'));
    const broken = { ...summary, summaries: null } as unknown as RunSummary; // no renderer copes with this
    const said: string[] = [];
    publishRun(runDir, broken, (m) => said.push(m), { history: [] });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^reports could not be written \(.+\); summary.json was$/);
    expect(JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(broken)));
  });
});
