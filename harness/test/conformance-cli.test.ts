/**
 * `npm run conformance -- <command...>` as a user runs it: a passing list and exit 0, a failing
 * case and exit 1 (a deliberately broken copy of a pipeline, test double), bad usage and exit 2.
 */
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadCaseTable } from '../src/conformance/table.js';
import { REPO_ROOT } from '../src/paths.js';

const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(REPO_ROOT, 'harness/src/cli/conformance.ts');
const BROKEN = path.join(REPO_ROOT, 'harness/test/doubles/broken-pipeline.mjs');

function conformance(args: string[], env: Record<string, string> = {}) {
  return execa(TSX, [CLI, ...args], { cwd: REPO_ROOT, env, reject: false, timeout: 600_000 });
}

describe('npm run conformance', () => {
  it('prints a passing line per case and a summary, exit 0', async () => {
    const r = await conformance(['--case', 'field-below-minimum', '--case', 'chunks-200-stub', 'node', 'ts-pipeline/dist/main.js']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^conformance of `node ts-pipeline\/dist\/main\.js`: 2 cases \(pipelines\/testdata\/conformance\.json\), store qdrant-local at http:/,
    );
    expect(lines[1]).toMatch(/^PASS +\d+\.\ds {2}field-below-minimum +"workload: chunking\.chunk_size must be >= 1"$/);
    expect(lines[2]).toMatch(/^PASS +\d+\.\ds {2}chunks-200-stub +done: 8 documents, 42 chunks, 42 points; ids and payloads as expected$/);
    expect(lines[3]).toMatch(/^2 cases: 2 passed, 0 failed in \d+\.\d s; the pipeline conforms$/);
  });

  it('a broken pipeline: a FAIL line with the reason and what the case checks, exit 1', async () => {
    const r = await conformance(['--case', 'field-below-minimum', 'node', BROKEN], { BROKEN_PIPELINE_FAULT: 'unnamed-errors' });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL +\d+\.\ds {2}field-below-minimum +the message does not name "chunking\.chunk_size": "something went wrong" {2}\[checks: an invalid field \(chunk_size 0\) is named\]$/m,
    );
    expect(r.stdout).toMatch(/^1 cases: 0 passed, 1 failed in \d+\.\d s; FAILED: field-below-minimum$/m);
  });

  it('bad usage is exit 2 with a message: no command, an unknown case, a command that cannot start', async () => {
    const none = await conformance([]);
    expect([none.exitCode, none.stderr]).toEqual([2, 'conformance: no pipeline command given\nusage: npm run conformance -- [options] <command...>']);
    const unknown = await conformance(['--case', 'nope', 'node', 'x.js']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^conformance: unknown case nope; the cases are: workload-file-missing, workload-not-json, /);
    const missing = await conformance(['--case', 'field-below-minimum', '/nonexistent/pipeline']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^conformance: cannot run the pipeline: could not start \/nonexistent\/pipeline/);
  });

  it('--list prints every case with what it checks', async () => {
    const r = await conformance(['--list']);
    expect(r.exitCode).toBe(0);
    const { cases } = loadCaseTable();
    expect(r.stdout.split('\n').map((l) => l.split(/ +/)[0])).toEqual(cases.map((c) => c.id));
  });
});
