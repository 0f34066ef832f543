/**
 * The roofline's calibration: this machine's fp32 GEMM peak at the bench's thread count, as
 * PyTorch's torch.mm reaches it in the Python pipeline's own venv (the BLAS it was built with,
 * MKL here, and the instruction set it dispatched to are recorded). The best of a few
 * 2048 x 2048 products: about 10 s with Python's start-up. Then the embed stage of a run
 * against it (analysis/claims-roofline.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { encoderShape, rooflineAnalysis } from '../analysis/claims-roofline.js';
import type { GemmCalibration, RooflineAnalysis } from '../claims-types.js';
import { VENV_PYTHON } from '../paths.js';
import type { RunSummary } from '../types.js';

const GEMM_SCRIPT = `
import json, re, sys, time
import torch
threads, n, reps = (int(x) for x in sys.argv[1:4])
torch.set_num_threads(threads)
a = torch.randn(n, n, dtype=torch.float32)
b = torch.randn(n, n, dtype=torch.float32)
torch.mm(a, b)
best = float("inf")
for _ in range(reps):
    t = time.perf_counter()
    torch.mm(a, b)
    best = min(best, time.perf_counter() - t)
blas = re.search(r"BLAS_INFO=(\\w+)", torch.__config__.show())
print(json.dumps({"gflops": 2 * n**3 / best / 1e9, "seconds": best, "n": n, "reps": reps, "threads": torch.get_num_threads(),
  "engine": "PyTorch " + torch.__version__.split("+")[0] + " torch.mm (fp32)", "blas": blas.group(1) if blas else "unknown",
  "isa": torch.backends.cpu.get_cpu_capability()}))
`;

/** Runs the calibration; throws with Python's own message when it cannot. */
export async function calibrateGemm(threads: number, python = VENV_PYTHON, n = 2048, reps = 8): Promise<GemmCalibration> {
  const r = await execa(python, ['-c', GEMM_SCRIPT, String(threads), String(n), String(reps)], {
    reject: false,
    timeout: 120_000,
    env: { OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
  });
  if (r.exitCode !== 0) throw new Error(`the GEMM calibration failed (${python}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${r.exitCode}`}`);
  const line = r.stdout.trim().split('\n').slice(-1)[0];
  const result = JSON.parse(line) as GemmCalibration;
  if (!(result.gflops > 0)) throw new Error(`the GEMM calibration gave no rate: ${line}`);
  return result;
}

/** The calibration, then the embed stage of `run`'s full-mode pipelines against it. */
export async function measureRoofline(run: RunSummary, source: string, python = VENV_PYTHON): Promise<RooflineAnalysis | null> {
  const modelDir = run.settings.model.dir;
  const shape = encoderShape(JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')));
  const gemm = await calibrateGemm(run.settings.threads, python);
  return rooflineAnalysis(run, { ...shape, name: run.settings.model.name }, gemm, source);
}
