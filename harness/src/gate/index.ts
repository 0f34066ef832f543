/**
 * The gate's use cases (the CLI in cli/check.ts only parses and prints): build the baseline
 * from a git ref and run it interleaved with the candidate, run A/A benches for the noise
 * measurement, and publish a verdict. The decisions themselves are analysis/gate's.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateInterleaved, interleavePairs } from '../analysis/gate/interleaved.js';
import type { GateOptions } from '../analysis/gate/evaluate.js';
import type { BenchConfig } from '../config/types.js';
import type { GateReport } from '../gate-types.js';
import { renderGateJson, renderGateMarkdown } from '../report/gate-markdown.js';
import { writeFileAtomic } from '../results/atomic.js';
import type { RunBenchOptions, RunBenchResult } from '../run/bench.js';
import { prepareBaselineCheckout } from './baseline-checkout.js';

export type RunBenchFn = (config: BenchConfig, options?: RunBenchOptions) => Promise<RunBenchResult>;

/** Same-machine mode from a git ref: builds the ref in a worktree and runs both sides interleaved in one bench run. */
export async function checkAgainstRef(
  ref: string,
  config: BenchConfig,
  runBench: RunBenchFn,
  runOptions: RunBenchOptions,
  gateOptions: GateOptions,
  report: (line: string) => void,
): Promise<{ gate: GateReport; run: RunBenchResult }> {
  const checkout = await prepareBaselineCheckout(ref, config.pipelines, config.baseDir, report);
  const interleaved: BenchConfig = { ...config, pipelines: interleavePairs(config.pipelines, checkout.pipelines) };
  report(`running ${interleaved.pipelines.map((p) => p.id).join(', ')} interleaved`);
  const run = await runBench(interleaved, runOptions);
  return { gate: evaluateInterleaved(run.summary, gateOptions), run };
}

/** Writes the verdict as JSON and Markdown (gate.json / gate.md in the run dir, also to $GITHUB_STEP_SUMMARY when set); returns the Markdown. */
export function publishVerdict(gate: GateReport, outputs: { json?: string; markdown?: string; runDir?: string }): string {
  const md = renderGateMarkdown(gate);
  const json = renderGateJson(gate);
  if (outputs.runDir) {
    writeFileAtomic(path.join(outputs.runDir, 'gate.json'), json);
    writeFileAtomic(path.join(outputs.runDir, 'gate.md'), md);
  }
  if (outputs.json) writeFileAtomic(outputs.json, json);
  if (outputs.markdown) writeFileAtomic(outputs.markdown, md);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, md + '\n');
  return md;
}
