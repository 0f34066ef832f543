/**
 * A `--claims` run (run/claims.ts) in-process with the fake pipelines and the fake Qdrant (test
 * doubles of the harness's own logic, full mode): the overhead, scale and threads workloads each
 * in their own directory under one run, whose summary.json holds their sections and the claims
 * table; and Ctrl-C (the abort signal, sent by a progress double once the scale part's first
 * size is written) keeps the finished overhead part and that size, status interrupted, 130.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { silentProgress } from '../src/progress/index.js';
import { runClaims } from '../src/run/claims.js';
import { claimsParts } from '../src/run/claims-plan.js';
import type { RunSummary } from '../src/types.js';
import { type FakeQdrant, startFakeQdrant } from './doubles/fake-qdrant.js';
import { fakePipeline, TEST_CORPUS, writeTestConfig } from './helpers.js';

let qdrant: FakeQdrant;
beforeAll(async () => {
  qdrant = await startFakeQdrant();
});
afterAll(async () => {
  await qdrant.close();
});

function plan() {
  const pipelines = [fakePipeline('py', {}, { language: 'Python', engine: 'E', reference: true }), fakePipeline('rs', {}, { language: 'Rust', engine: 'E' })];
  const config = writeTestConfig(pipelines, { mode: 'full' });
  const out = path.join(path.dirname(config), 'results');
  const args = [
    '--config',
    config,
    '--corpus',
    TEST_CORPUS,
    '--no-setup',
    '--out',
    out,
    '--claims',
    '--iterations',
    '2',
    '--warmup',
    '0',
    '--sizes',
    '600,all',
  ];
  const store = { kind: 'external' as const, name: 'fake-qdrant', version: 'double', restUrl: qdrant.url, grpcUrl: qdrant.url, stop: async () => {} };
  return { parts: claimsParts(parseBenchArgs(args)!), out, store };
}

const read = (runDir: string): RunSummary => JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));

describe('--claims: one run of every workload the table needs', () => {
  it('runs overhead, scale and threads, each in its own directory, and one summary holds them and the table', async () => {
    const { parts, store } = plan();
    // no tokenize, memory or query part: the fake pipelines are in none of those sets
    expect(parts.map((p) => p.workload)).toEqual(['overhead', 'scale', 'threads']);
    // no GEMM calibration for fake pipelines: a Python that is not there leaves the roofline out, not the run
    const { runDir, summary, exitCode } = await runClaims(parts, { store, rooflinePython: '/nonexistent/python' });
    expect(exitCode).toBe(0);
    const written = read(runDir);
    expect(written.status).toBe('complete');
    expect(written.claimsRun!.map((p) => [p.workload, p.status])).toEqual([
      ['overhead', 'complete'],
      ['scale', 'complete'],
      ['threads', 'complete'],
    ]);
    for (const p of written.claimsRun!) expect(existsSync(path.join(runDir, p.runDir, 'summary.json'))).toBe(true);
    expect(written.overhead!.pipelines.map((p) => p.pipelineId)).toEqual(['py', 'rs']);
    expect(written.scale!.sizes).toHaveLength(2);
    expect(written.claims!.rows.slice(0, 2).map((r) => r.measured)).toEqual([true, true]);
    expect(written.claims!.rows[0].figures).toHaveLength(2); // claim 1 per size, from the scale part
    expect(summary.claims).toEqual(written.claims);
    expect(written.roofline).toBeNull();
    const md = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    expect(md).toContain("## The article's claims");
    // the report names the parts and where their own reports are
    expect(md).toMatch(
      /This --claims run is made of 3 runs, each with its own reports: --workload overhead [^;(]*\(complete, \d+ s\) in parts\/\S+; --workload scale .*; --workload threads/,
    );
  }, 120_000);

  it('Ctrl-C in the scale part keeps the overhead part and the finished size, status interrupted, 130', async () => {
    const { parts, store, out } = plan();
    const abort = new AbortController();
    // a progress double: Ctrl-C as soon as the scale part's first size is written
    const progress = { ...silentProgress, message: (t: string) => (/^scale: size .* done in /.test(t) ? abort.abort() : undefined) };
    const { runDir, exitCode } = await runClaims(parts, { store, progress, signal: abort.signal });
    expect(exitCode).toBe(130);
    const written = read(runDir);
    expect(path.dirname(runDir)).toBe(out);
    expect(written.status).toBe('interrupted');
    expect(written.claimsRun!.map((p) => [p.workload, p.status])).toEqual([
      ['overhead', 'complete'],
      ['scale', 'interrupted'],
    ]);
    expect(written.overhead!.pairs).toHaveLength(1);
    expect(written.scale!.sizes.map((s) => s.label)).toEqual(['0.6 KB']);
    expect(written.claims!.rows[1].measured).toBe(true);
  }, 120_000);
});
