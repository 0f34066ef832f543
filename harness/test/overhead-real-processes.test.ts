/**
 * `npm run bench -- --workload overhead` end to end, for real: the Rust and TypeScript
 * pipelines (real binaries, the real model) each beside its stub-mode twin, against the
 * embedded Qdrant, on the contract's tiny test corpus (9 files, 6 KB), 6 measured runs per
 * pipeline and mode so the elsewhere ratio has a real interval. Python is left out only for
 * time (a torch process takes ~10 s to start). Needs the set-up done (`npm run setup`: the
 * model, the release binaries, ts-pipeline/dist); about a minute on 2 cores.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUST_PIPELINE_BIN, TS_PIPELINE_ENTRY } from '../src/paths.js';
import type { RunSummary } from '../src/types.js';
import { runBenchCli, TEST_CORPUS } from './helpers.js';

/** 6 measured runs per pipeline and mode: enough for a real interval. */
const RUNS = ['--warmup', '0', '--iterations', '6'];

/** Rust and TypeScript, full mode (the overhead workload adds their stub twins). */
function writeConfig(dir: string): string {
  const config = {
    pipelines: [
      { id: 'rust', name: 'Rust (Candle)', language: 'Rust', engine: 'Candle', command: [RUST_PIPELINE_BIN], reference: true },
      { id: 'ts', name: 'TypeScript (ONNX Runtime)', language: 'TypeScript', engine: 'ONNX Runtime', command: ['node', TS_PIPELINE_ENTRY] },
    ],
    mode: 'full',
  };
  const configFile = path.join(dir, 'bench.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return configFile;
}

describe('npm run bench -- --workload overhead with the real Rust and TypeScript pipelines', () => {
  let outDir: string;
  let summary: RunSummary;
  let exitCode: number | undefined;
  let stdout: string;
  let output: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-overhead-'));
    outDir = path.join(dir, 'results');
    const flags = ['--workload', 'overhead', '--config', writeConfig(dir), '--corpus', TEST_CORPUS, '--no-setup', ...RUNS, '--out', outDir];
    const result = await runBenchCli(flags, {}, 10 * 60_000);
    exitCode = result.exitCode;
    stdout = result.stdout;
    output = `${result.stdout}\n${result.stderr}`;
    summary = JSON.parse(readFileSync(path.join(outDir, 'latest', 'summary.json'), 'utf8'));
  }, 11 * 60_000);

  it('runs each pipeline in both modes, verified, and records the workload', () => {
    expect(exitCode, output.slice(-4000)).toBe(0);
    expect(summary.workload).toBe('overhead');
    expect(summary.pipelines.map((p) => p.id)).toEqual(['rust', 'rust-stub', 'ts', 'ts-stub']);
    expect(summary.iterations.every((it) => it.status === 'ok')).toBe(true);
    expect(summary.iterations.filter((it) => it.pipelineId.endsWith('-stub')).every((it) => it.counts?.tokens === 0)).toBe(true);
    expect(summary.iterations.filter((it) => !it.pipelineId.endsWith('-stub')).every((it) => (it.counts?.tokens ?? 0) > 0)).toBe(true);
    expect(summary.equivalence?.passed, JSON.stringify(summary.equivalence?.problems)).toBe(true);
    for (const p of summary.overhead!.pipelines) {
      expect(p.runs).toEqual({ full: 6, stub: 6 });
      expect(p.elsewhereMs!).toBeGreaterThan(0);
      expect(p.inferenceMs!, `${p.pipelineId}: full mode must take longer than stub mode`).toBeGreaterThan(0);
      expect(p.embedMs!).toBeGreaterThan(0);
    }
  });

  it('states the verdict of claim 2 in the terminal, report.md and report.html', () => {
    const sentence =
      /Claim 2, (Rust \(Candle\)|TypeScript \(ONNX Runtime\)) vs (Rust \(Candle\)|TypeScript \(ONNX Runtime\)): (holds|does not hold|inconclusive)\. .* 6 \+ 6 runs, (Hodges-Lehmann estimate with the exact Mann-Whitney interval|the range of all pairs)[^;]*, \d+\.\d% coverage/;
    expect(stdout).toMatch(sentence);
    const md = readFileSync(path.join(outDir, 'latest', 'report.md'), 'utf8');
    expect(md).toContain('## Inference vs everything else (claim 2)');
    expect(md).toMatch(sentence);
    const html = readFileSync(path.join(outDir, 'latest', 'report.html'), 'utf8');
    expect(html).toContain('<section id="overhead">');
    expect(html).toMatch(sentence);
    expect(readFileSync(path.join(outDir, 'latest', 'overhead-pairs.csv'), 'utf8')).toMatch(/^fasterId,slowerId/);
    console.log(
      md
        .split('\n')
        .filter((l) => l.includes('Claim 2, '))
        .join('\n'),
    );
  });
});
