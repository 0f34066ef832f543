/**
 * Claim 3's rule and the token-count check of analysis/tokenize.ts on made-up runs (harness
 * logic only): the verdict follows the fastest Rust-crate pass's interval against 20 s/GB, the
 * JavaScript port is never the basis, and differing counts leave no verdict.
 */
import { describe, expect, it } from 'vitest';
import { tokenizeAnalysis } from '../src/analysis/tokenize.js';
import type { PipelineSpec, TokenizeProcess } from '../src/types.js';
import { madeUpRun } from './made-up-runs.js';

const GB = 1e9;
const spec = (id: string): PipelineSpec => ({ id, name: id, command: ['x'] });

/** A made-up successful process: `batchedS` and `singleS` seconds for 1 GB. */
function run(pipelineId: string, library: string, index: number, batchedS: number, singleS: number, tokens = 100): TokenizeProcess {
  return {
    ...madeUpRun(pipelineId, index),
    info: { pipeline: pipelineId, runtime: { name: 'x', version: '1' }, libraries: { [library]: '1.0' }, threads: 2 },
    documents: 10,
    bytes: GB,
    tokens,
    tokensUntruncated: 1000,
    passMs: { batched: batchedS * 1000, single: singleS * 1000 },
    passTokens: { batched: tokens, single: tokens },
    wallMs: (batchedS + singleS) * 1000,
  };
}

function analyse(processes: TokenizeProcess[]) {
  const ids = [...new Set(processes.map((p) => p.pipelineId))];
  return tokenizeAnalysis({ processes, pipelines: ids.map(spec), notImplemented: [spec('variant')], targetBytes: GB, threads: 2, embedBatchSize: 32 });
}

describe('claim 3 from tokenize runs', () => {
  it('holds when the fastest Rust-crate pass lies wholly under 20 s/GB; MB/s per core divides the batched pass by the threads', () => {
    const t = analyse([1, 2, 3].map((i) => run('rust', 'tokenizers', i, 10 + i, 40)));
    expect(t.verdict).toBe('holds');
    expect(t.basis).toEqual({ pipelineId: 'rust', mode: 'batched' });
    const batched = t.pipelines[0].modes[0];
    expect(batched.secondsPerGb).toMatchObject({ value: 12, ciLow: 11, ciHigh: 13 });
    expect(batched.mbPerSecondPerCore!.value).toBeCloseTo(1000 / 12 / 2);
    expect(t.notImplemented).toEqual([{ id: 'variant', name: 'variant' }]);
  });

  it('does not hold when the whole interval lies above; inconclusive when it straddles 20 s', () => {
    expect(analyse([1, 2, 3].map((i) => run('python', 'tokenizers', i, 300 + i, 700))).verdict).toBe('does not hold');
    expect(analyse([18, 19, 25].map((s, i) => run('python', 'tokenizers', i, s, 700))).verdict).toBe('inconclusive');
  });

  it('never judges on the JavaScript port, however fast', () => {
    const t = analyse([
      ...[1, 2, 3].map((i) => run('ts', '@huggingface/tokenizers', i, 5, 5)),
      ...[1, 2, 3].map((i) => run('rust', 'tokenizers', i, 300, 300)),
    ]);
    expect(t.basis?.pipelineId).toBe('rust');
    expect(t.verdict).toBe('does not hold');
    expect(t.pipelines.find((p) => p.pipelineId === 'ts')!.modes[0].cores).toBe(1);
  });

  it('gives no verdict when pipelines counted different tokens', () => {
    const t = analyse([...[1, 2, 3].map((i) => run('rust', 'tokenizers', i, 10, 10)), ...[1, 2, 3].map((i) => run('python', 'tokenizers', i, 10, 10, 101))]);
    expect(t.agreement.passed).toBe(false);
    expect(t.agreement.problems[0]).toMatch(/tokens 101/);
    expect(t.verdict).toBe('inconclusive');
  });
});
