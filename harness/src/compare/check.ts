/**
 * The gate's use cases as functions (the CLI in cli/check.ts only parses and prints):
 * compare two saved runs, compare within one interleaved run, build and run the baseline
 * from a git ref interleaved with the candidate, and measure A/A noise.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../config/types.js';
import type { RunBenchOptions, RunBenchResult } from '../run/bench.js';
import type { RunSummary } from '../types.js';
import { saveBaseline } from './baseline-file.js';
import { compareRuns, type CheckReport, type CompareOptions } from './compare.js';
import { renderCheckJson, renderCheckMarkdown } from './markdown.js';
import { BASELINE_SUFFIX, interleavePairs, splitInterleaved } from './same-machine.js';
import { resolveCheckConfig } from './thresholds.js';
import { prepareBaselineCheckout } from './worktree.js';

export type RunBenchFn = (config: BenchConfig, options?: RunBenchOptions) => Promise<RunBenchResult>;

/** Compares the `<id>-baseline` pipelines of one run with the others (same-machine mode). */
export function compareInterleaved(run: RunSummary, options: CompareOptions = {}): CheckReport {
  const { baseline, candidate } = splitInterleaved(run);
  const report = compareRuns(baseline, candidate, { ...options, mode: 'same-machine' });
  return { ...report, baselineRunId: `${run.runId} (${BASELINE_SUFFIX} pipelines)`, candidateRunId: run.runId };
}

/** Same-machine mode from a git ref: builds the ref in a worktree and runs both sides interleaved in one bench run. */
export async function checkAgainstRef(
  ref: string,
  config: BenchConfig,
  runBench: RunBenchFn,
  runOptions: RunBenchOptions,
  compareOptions: CompareOptions,
  report: (line: string) => void,
): Promise<{ check: CheckReport; run: RunBenchResult }> {
  const checkout = await prepareBaselineCheckout(ref, config.pipelines, config.baseDir, report);
  const interleaved: BenchConfig = { ...config, pipelines: interleavePairs(config.pipelines, checkout.pipelines) };
  report(`running ${interleaved.pipelines.map((p) => p.id).join(', ')} interleaved`);
  const run = await runBench(interleaved, runOptions);
  return { check: compareInterleaved(run.summary, compareOptions), run };
}

/** Writes the verdict as JSON and Markdown (also to $GITHUB_STEP_SUMMARY when set); returns the Markdown. */
export function publishVerdict(check: CheckReport, outputs: { json?: string; markdown?: string; runDir?: string; baseline?: RunSummary }): string {
  const md = renderCheckMarkdown(check);
  const json = renderCheckJson(check);
  if (outputs.runDir) {
    writeFileSync(path.join(outputs.runDir, 'check.json'), json);
    writeFileSync(path.join(outputs.runDir, 'check.md'), md);
  }
  if (outputs.json) writeFileSync(outputs.json, json);
  if (outputs.markdown) writeFileSync(outputs.markdown, md);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, md + '\n');
  return md;
}

export { resolveCheckConfig, saveBaseline };
