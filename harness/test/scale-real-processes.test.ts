/**
 * `npm run bench -- --workload scale` end to end, for real: the Python, Rust and TypeScript
 * pipelines (real processes) in stub mode (hash embedding: the scale logic is under test, not
 * the model) against the embedded Qdrant, on the contract's tiny test corpus cut at three sizes
 * (600 bytes, 2 KB, all: 1, 5 and 9 files), 5 measured runs per pipeline and size. Needs the
 * set-up done (`npm run setup`: the venv, the release binaries, ts-pipeline/dist); about two
 * minutes on 2 cores.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUST_PIPELINE_BIN, TS_PIPELINE_ENTRY } from '../src/paths.js';
import type { RunSummary } from '../src/types.js';
import { REPO, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';

/** The Python pipeline's code from this checkout (the shared venv may hold an installed copy). */
const PYTHONPATH = path.join(REPO, 'python-baseline', 'src');

/** Python (the reference), Rust and TypeScript, as real processes in stub mode. */
const PIPELINES = [
  {
    id: 'python',
    name: 'Python (LangChain)',
    language: 'Python',
    engine: 'libtorch',
    command: [path.join(REPO, 'python-baseline/.venv/bin/python'), '-m', 'rag_baseline'],
    env: { PYTHONPATH },
    reference: true,
  },
  { id: 'rust', name: 'Rust (Candle)', language: 'Rust', engine: 'Candle', command: [RUST_PIPELINE_BIN] },
  { id: 'ts', name: 'TypeScript (ONNX Runtime)', language: 'TypeScript', engine: 'ONNX Runtime', command: ['node', TS_PIPELINE_ENTRY] },
];

describe('npm run bench -- --workload scale with the real pipelines in stub mode', () => {
  let outDir: string;
  let summary: RunSummary;
  let exitCode: number | undefined;
  let stdout: string;
  let output: string;

  beforeAll(async () => {
    const configFile = writeTestConfig(PIPELINES, { mode: 'stub' });
    outDir = path.join(path.dirname(configFile), 'results');
    const flags = ['--workload', 'scale', '--sizes', '600,2k,all', '--config', configFile, '--corpus', TEST_CORPUS, '--no-setup'];
    const result = await runBenchCli([...flags, '--warmup', '0', '--iterations', '5', '--out', outDir], {}, 10 * 60_000);
    exitCode = result.exitCode;
    stdout = result.stdout;
    output = `${result.stdout}\n${result.stderr}`;
    summary = JSON.parse(readFileSync(path.join(outDir, 'latest', 'summary.json'), 'utf8'));
  }, 11 * 60_000);

  it('runs every size as a verified run of its own and fits every pipeline over all of them', () => {
    expect(exitCode, output.slice(-4000)).toBe(0);
    expect(summary.workload).toBe('scale');
    const s = summary.scale!;
    expect(s.sizes.map((x) => x.files)).toEqual([1, 5, 9]);
    const chunks = s.sizes.map((x) => x.chunks!);
    expect(chunks[0]).toBeLessThan(chunks[1]);
    expect(chunks[1]).toBeLessThan(chunks[2]);
    expect(s.sizes.every((x) => x.verified === true && x.status === 'complete')).toBe(true);
    for (const size of s.sizes) expect(existsSync(path.join(outDir, 'latest', size.runDir, 'summary.json'))).toBe(true);
    expect(s.fits.map((f) => [f.pipelineId, f.runs, f.sizes])).toEqual([
      ['python', 15, 3],
      ['rust', 15, 3],
      ['ts', 15, 3],
    ]);
    expect(s.claims.map((c) => [c.rustId, c.pythonId, c.runs])).toEqual(Array(3).fill(['rust', 'python', [5, 5]]));
  });

  it('says the verdict per size, progress per size with the time left, and writes every format', () => {
    expect(stdout).toMatch(/Claim 1 at 600 B|Claim 1 at 0\.6 KB/);
    expect(stdout.match(/Claim 1 at .*: (holds|does not hold|inconclusive)\./g)).toHaveLength(3);
    expect(output).toMatch(/scale: size 1\/3, 0\.6 KB: 1 files, 558 bytes; time left: known after two sizes/);
    expect(output).toMatch(/scale: size 3\/3, all \(600 KB\): 9 files, \d+ bytes; time left ~\d+s/);
    const latest = (f: string) => readFileSync(path.join(outDir, 'latest', f), 'utf8');
    expect(latest('report.md')).toContain('## End to end as the corpus grows (claim 1 per size)');
    expect(latest('report.html')).toContain('<section id="scale">');
    expect(latest('scale.csv').split('\n').filter(Boolean)).toHaveLength(1 + 9);
    expect(latest('scale-fit.csv')).toMatch(/^pipelineId,runs,sizes,fixedMs/);
    expect(latest('scale-claims.csv')).toMatch(/^size,chunks,rustId,pythonId/);
    console.log(
      latest('report.md')
        .split('\n')
        .filter((l) => l.includes('Claim 1 at') || l.includes('faster below') || l.includes('do not cross'))
        .join('\n'),
    );
  });
});
