/**
 * The roofline: the encoder's FLOPs counted from the real model config (models/, checked by
 * hand), the embed stage's achieved GFLOP/s on a synthetic run (a test double: fixtures/
 * synthetic-run.ts) as a fraction of a given peak, and the GEMM calibration itself, run for
 * real (a small product) in the Python pipeline's venv, naming its engine, BLAS and ISA.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encoderShape, rooflineAnalysis, sequenceFlops } from '../src/analysis/claims-roofline.js';
import type { GemmCalibration } from '../src/claims-types.js';
import { REPO_ROOT, VENV_PYTHON } from '../src/paths.js';
import { renderRooflineTerminal } from '../src/report/claims-roofline.js';
import { renderHtml, renderMarkdown } from '../src/report/index.js';
import { calibrateGemm } from '../src/run/claims-gemm.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

const MODEL = path.join(REPO_ROOT, 'models/all-MiniLM-L6-v2/config.json');

describe('roofline: FLOPs and the fraction of the peak', () => {
  it("counts all-MiniLM-L6-v2's GEMM FLOPs per sequence from its config", () => {
    const m = encoderShape(JSON.parse(readFileSync(MODEL, 'utf8')));
    expect(m).toEqual({ layers: 6, hidden: 384, intermediate: 1536 });
    // per layer and token: 8 x 384^2 + 4 x 384 x 1536 = 3,538,944; attention 4 x 384 x s per token
    expect(sequenceFlops(m, 1)).toBe(6 * (3_538_944 + 1536));
    expect(sequenceFlops(m, 200)).toBe(6 * (200 * 3_538_944 + 1536 * 200 * 200));
    expect(() => encoderShape({ hidden_size: 384 })).toThrow(/no positive "num_hidden_layers"/);
  });

  it("divides each run's FLOPs by its embed stage's busy time and the median by the peak; stub twins are left out", () => {
    const run = syntheticRun([{ id: 'p', stages: { embed: 1000 }, chunks: 10, tokens: 2000, noise: 0, measured: 3 }]);
    const shape = { layers: 6, hidden: 384, intermediate: 1536, name: 'm' };
    const gemm = { gflops: 100 } as GemmCalibration;
    const r = rooflineAnalysis(run, shape, gemm, 'test')!;
    const [p] = r.pipelines;
    const flops = 10 * sequenceFlops(shape, 200);
    expect(p.runs).toBe(3);
    expect(p.tokensPerChunk).toBe(200);
    expect(p.gflopPerRun).toBeCloseTo(flops / 1e9, 6);
    const embedMs = run.iterations.find((it) => it.kind === 'measured')!.stages.find((s) => s.stage === 'embed')!.busyMs;
    expect(p.achievedGflops).toBeCloseTo(flops / (embedMs / 1000) / 1e9, 6);
    expect(p.fractionOfPeak).toBeCloseTo(p.achievedGflops / 100, 9);
    const stubOnly = { ...run, pipelines: run.pipelines.map((x) => ({ ...x, mode: 'stub' as const })) };
    expect(rooflineAnalysis(stubOnly, shape, gemm, 'test')).toBeNull();
  });
});

describe('roofline: the report section', () => {
  it('names the engine, BLAS, instruction set and threads of the peak, and each pipeline against it, in Markdown, HTML and the terminal', () => {
    const run = syntheticRun([{ id: 'p', name: 'Pipe <1>', stages: { embed: 1000 }, chunks: 10, tokens: 2000, measured: 3 }]);
    const gemm: GemmCalibration = {
      gflops: 80,
      seconds: 0.2,
      n: 2048,
      reps: 8,
      threads: 2,
      engine: 'PyTorch 2.15.0 torch.mm (fp32)',
      blas: 'mkl',
      isa: 'AVX512',
    };
    const roofline = rooflineAnalysis(run, { layers: 6, hidden: 384, intermediate: 1536, name: 'm' }, gemm, 'the test run');
    const input = { summary: { ...run, roofline }, gate: null, history: [] };
    const md = renderMarkdown(input);
    expect(md).toContain('## Roofline: the embed stage against the GEMM peak');
    expect(md).toContain(
      '80.0 GFLOP/s, the best of 8 2048 x 2048 x 2048 products by PyTorch 2.15.0 torch.mm (fp32) (BLAS: mkl; instruction set: AVX512) at 2 threads',
    );
    expect(md).toMatch(/\| Pipe &lt;1&gt; \| 3 \| 200 \| 46\.2 \| \d+\.\d \| \d+% \|/);
    const page = renderHtml(input);
    expect(page).toContain('<section id="roofline">');
    expect(page).not.toContain('Pipe <1>');
    expect(renderMarkdown({ ...input, summary: run })).not.toContain('Roofline');
    expect(renderRooflineTerminal(run, roofline!)).toMatch(
      /^Roofline: fp32 GEMM peak 80\.0 GFLOP\/s \(PyTorch 2\.15\.0 torch\.mm \(fp32\), mkl, AVX512, 2 threads\); embed stage: Pipe <1> \d+\.\d GFLOP\/s \(\d+%\)$/,
    );
  });
});

describe.skipIf(!existsSync(VENV_PYTHON))('roofline: the GEMM calibration (real PyTorch)', () => {
  it('reports a rate, its thread count, the engine, its BLAS and the instruction set', async () => {
    const g = await calibrateGemm(1, VENV_PYTHON, 256, 2);
    expect(g.gflops).toBeGreaterThan(0);
    expect(g.threads).toBe(1);
    expect(g.n).toBe(256);
    expect(g.engine).toMatch(/^PyTorch \d+\.\d+\.\d+ torch\.mm \(fp32\)$/);
    expect(g.blas).toMatch(/^\w+$/);
    expect(g.isa).toMatch(/^[A-Z0-9_]+$/);
    await expect(calibrateGemm(1, '/nonexistent/python')).rejects.toThrow(/GEMM calibration failed/);
  }, 60_000);
});
