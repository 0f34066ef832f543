/**
 * `npm run bench -- --workload tokenize --quick` end to end, for real: the Python, Rust and
 * TypeScript pipelines (real processes, their real tokenizers) on the contract's test corpus
 * grown to 30 KB, 2 measured runs each, plus a variant outside the config's set "tokenize",
 * which must be reported "not implemented" and never run. No store is opened. Needs the set-up
 * done (the venv, the release binaries, ts-pipeline/dist); about 30 s on 2 cores.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUST_PIPELINE_BIN, TS_PIPELINE_ENTRY } from '../src/paths.js';
import type { RunSummary } from '../src/types.js';
import { REPO, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';

const PYTHONPATH = path.join(REPO, 'python-baseline', 'src');
const PIPELINES = [
  {
    id: 'python',
    name: 'Python (LangChain)',
    command: [path.join(REPO, 'python-baseline/.venv/bin/python'), '-m', 'rag_baseline'],
    env: { PYTHONPATH },
    reference: true,
  },
  { id: 'rust', name: 'Rust (Candle)', command: [RUST_PIPELINE_BIN] },
  { id: 'ts', name: 'TypeScript (ONNX Runtime)', command: ['node', TS_PIPELINE_ENTRY] },
  // would fail if it were run: its command does not exist
  { id: 'variant', name: 'A variant without the job', command: [path.join(REPO, 'no-such-pipeline')] },
];

describe('npm run bench -- --workload tokenize --quick with the real pipelines', () => {
  let outDir: string;
  let summary: RunSummary;
  let exitCode: number | undefined;
  let output: string;

  beforeAll(async () => {
    const configFile = writeTestConfig(PIPELINES, { mode: 'full', sets: { tokenize: ['python', 'rust', 'ts'] } });
    outDir = path.join(path.dirname(configFile), 'results');
    const flags = ['--workload', 'tokenize', '--quick', '--tokenize-bytes', '30k', '--config', configFile, '--corpus', TEST_CORPUS, '--no-setup'];
    const result = await runBenchCli([...flags, '--pipelines', 'python,rust,ts,variant', '--iterations', '2', '--out', outDir], {}, 5 * 60_000);
    exitCode = result.exitCode;
    output = `${result.stdout}\n${result.stderr}`;
    summary = JSON.parse(readFileSync(path.join(outDir, 'latest', 'summary.json'), 'utf8'));
  }, 6 * 60_000);

  it('measures both passes of every pipeline that speaks the job, on the same text and tokens', () => {
    expect(exitCode, output.slice(-4000)).toBe(0);
    expect(summary.workload).toBe('tokenize');
    const t = summary.tokenize!;
    expect(t.agreement).toEqual({ passed: true, problems: [] });
    expect(t.bytes).toBeGreaterThanOrEqual(30_000);
    expect(t.tokens).toBeGreaterThan(0);
    expect(t.tokensUntruncated).toBeGreaterThan(t.tokens!); // the test corpus has documents past 256 tokens
    expect(t.pipelines.map((p) => p.pipelineId)).toEqual(['python', 'rust', 'ts']);
    for (const p of t.pipelines) {
      expect(p.failedRuns).toBe(0);
      for (const m of p.modes) {
        expect(m.runs).toBe(2);
        expect(m.secondsPerGb!.value).toBeGreaterThan(0);
        expect(m.secondsPerGb!.ciLow).toBeLessThanOrEqual(m.secondsPerGb!.value);
      }
    }
    expect(t.pipelines.map((p) => p.rustTokenizers)).toEqual([true, true, false]);
    expect(t.processes).toHaveLength(6);
  });

  it('reports the variant outside the set as not implemented, never run, not failed', () => {
    expect(summary.tokenize!.notImplemented).toEqual([{ id: 'variant', name: 'A variant without the job' }]);
    expect(summary.tokenize!.processes.some((p) => p.pipelineId === 'variant')).toBe(false);
    expect(output).toMatch(/variant does not implement the tokenize job/);
  });

  it('states claim 3 with its rule in every format', () => {
    const t = summary.tokenize!;
    expect(['holds', 'does not hold', 'inconclusive']).toContain(t.verdict);
    expect(t.rule).toMatch(/20 s/);
    const row = summary.claims!.rows.find((r) => r.claim === 3)!;
    expect(row.measured).toBe(true);
    expect(row.verdict).toBe(t.verdict);
    const runDir = path.join(outDir, 'latest');
    expect(readFileSync(path.join(runDir, 'report.md'), 'utf8')).toMatch(/## Tokenizer throughput \(claim 3\)[\s\S]*not implemented/);
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toMatch(/<section id="tokenize">/);
    const csv = readFileSync(path.join(runDir, 'tokenize.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^pipelineId,binding,rustTokenizers,mode,runs,cores,secondsPerGb,/);
    expect(csv).toHaveLength(1 + 6 + 1);
    expect(existsSync(path.join(runDir, 'logs', 'rust-0.stderr.log'))).toBe(true);
  });
});
