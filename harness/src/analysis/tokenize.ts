/**
 * The tokenize workload's figures (claim 3): per pipeline and pass, seconds per GB (10^9 bytes)
 * and MB/s per core as the median of the measured runs with its distribution-free interval
 * (stats/README.md), whether every pipeline tokenised the same text into the same number of
 * tokens, and claim 3's verdict by its stated rule.
 */
import { medianInterval } from '../stats/index.js';
import {
  TOKENIZE_MODES,
  type TokenizeAnalysis,
  type TokenizeMode,
  type TokenizeModeFigures,
  type TokenizePipelineFigures,
  type TokenizeProcess,
} from '../tokenize-types.js';
import type { ClaimVerdict, Estimate, PipelineSpec } from '../types.js';

/** Claim 3: a gigabyte in under 20 seconds. */
export const CLAIM3_SECONDS_PER_GB = 20;

/** The Rust crate's own name, which the Python binding shares; Node's library is a JavaScript port. */
const RUST_CRATE = 'tokenizers';
const BINDINGS = [RUST_CRATE, '@huggingface/tokenizers'];

export const TOKENIZE_RULE =
  `Claim 3 is judged on the fastest pass (lowest median s/GB) of a binding of Hugging Face's Rust crate (the crate itself in the Rust pipeline, ` +
  `Python's tokenizers, which wraps it): it holds when that pass's whole interval of s/GB lies below ${CLAIM3_SECONDS_PER_GB} s, does not hold when the whole interval ` +
  `lies above, and is inconclusive when the interval straddles ${CLAIM3_SECONDS_PER_GB} s or there are fewer than 2 measured runs. Node's @huggingface/tokenizers ` +
  'is a JavaScript port, not the Rust crate: its passes are shown, not judged. A GB is 10^9 bytes of UTF-8 text; the claim names no core count, so MB/s per core ' +
  '(the batched pass divided by the threads its batch call may use, one at a time by 1) lets a reader scale the figure to another CPU.';

function verdictOf(e: Estimate | null, runs: number): ClaimVerdict {
  if (!e || runs < 2) return 'inconclusive';
  if (e.ciHigh < CLAIM3_SECONDS_PER_GB) return 'holds';
  if (e.ciLow > CLAIM3_SECONDS_PER_GB) return 'does not hold';
  return 'inconclusive';
}

const asEstimate = (samples: number[]): Estimate | null => (samples.length ? medianInterval(samples) : null);

function bindingOf(libraries: Record<string, string> | undefined): string | null {
  const name = BINDINGS.find((b) => libraries?.[b] !== undefined);
  return name ? `${name} ${libraries![name]}` : null;
}

function modeFigures(mode: TokenizeMode, runs: TokenizeProcess[], cores: number): TokenizeModeFigures {
  const timed = runs.filter((r) => r.passMs[mode] !== null && r.bytes);
  const seconds = timed.map((r) => r.passMs[mode]! / 1000);
  const secondsPerGb = asEstimate(timed.map((r, i) => seconds[i] / (r.bytes! / 1e9)));
  const mbPerSecondPerCore = asEstimate(timed.map((r, i) => r.bytes! / 1e6 / seconds[i] / cores));
  return { mode, runs: timed.length, cores, secondsPerGb, mbPerSecondPerCore, verdict: verdictOf(secondsPerGb, timed.length) };
}

function pipelineFigures(p: PipelineSpec, processes: TokenizeProcess[], threads: number): TokenizePipelineFigures {
  const own = processes.filter((r) => r.pipelineId === p.id);
  const measured = own.filter((r) => r.kind === 'measured' && r.status === 'ok');
  const libraries = own.find((r) => r.info)?.info?.libraries;
  const rustTokenizers = libraries?.[RUST_CRATE] !== undefined;
  // The Rust crate's batch call runs on Rayon (threads = RAYON_NUM_THREADS); the JavaScript port has none.
  const parallelBatches = rustTokenizers;
  return {
    pipelineId: p.id,
    binding: bindingOf(libraries) ?? 'unknown (its ready event names no tokenizers library)',
    rustTokenizers,
    parallelBatches,
    modes: TOKENIZE_MODES.map((m) => modeFigures(m, measured, m === 'batched' && parallelBatches ? threads : 1)),
    failedRuns: own.filter((r) => r.status === 'failed').length,
  };
}

/** Every successful process of every pipeline reported the same grown corpus and counts; each pass counted `tokens`. */
function checkAgreement(processes: TokenizeProcess[]): { passed: boolean; problems: string[] } {
  const ok = processes.filter((r) => r.status === 'ok');
  const problems: string[] = [];
  const first = ok[0];
  for (const r of ok) {
    for (const mode of TOKENIZE_MODES) {
      if (r.passTokens[mode] !== r.tokens)
        problems.push(`${r.pipelineId} run ${r.index}: the ${mode} pass counted ${r.passTokens[mode]} tokens, done says ${r.tokens}`);
    }
    for (const key of ['documents', 'bytes', 'tokens', 'tokensUntruncated'] as const) {
      if (r[key] !== first[key])
        problems.push(`${r.pipelineId} run ${r.index}: ${key} ${r[key]}, ${first.pipelineId} run ${first.index} reported ${first[key]}`);
    }
  }
  return { passed: ok.length > 0 && problems.length === 0, problems: ok.length ? problems : ['no pipeline finished a run'] };
}

export interface TokenizeAnalysisInput {
  processes: TokenizeProcess[];
  /** The pipelines that speak the job, in the run's order. */
  pipelines: PipelineSpec[];
  notImplemented: PipelineSpec[];
  targetBytes: number;
  threads: number;
  embedBatchSize: number;
}

export function tokenizeAnalysis(input: TokenizeAnalysisInput): TokenizeAnalysis {
  const { processes, threads } = input;
  const pipelines = input.pipelines.map((p) => pipelineFigures(p, processes, threads));
  const candidates = pipelines
    .filter((p) => p.rustTokenizers)
    .flatMap((p) => p.modes.filter((m) => m.secondsPerGb).map((m) => ({ pipelineId: p.pipelineId, mode: m.mode, figures: m })));
  candidates.sort((a, b) => a.figures.secondsPerGb!.value - b.figures.secondsPerGb!.value);
  const best = candidates[0] ?? null;
  const agreement = checkAgreement(processes);
  const reference = processes.find((r) => r.status === 'ok');
  return {
    targetBytes: input.targetBytes,
    documents: reference?.documents ?? null,
    bytes: reference?.bytes ?? null,
    tokens: reference?.tokens ?? null,
    tokensUntruncated: reference?.tokensUntruncated ?? null,
    threads,
    embedBatchSize: input.embedBatchSize,
    pipelines,
    notImplemented: input.notImplemented.map((p) => ({ id: p.id, name: p.name })),
    agreement,
    thresholdSecondsPerGb: CLAIM3_SECONDS_PER_GB,
    // pipelines that tokenised differently measured different work: no verdict from them
    verdict: best && agreement.passed ? best.figures.verdict : 'inconclusive',
    basis: best ? { pipelineId: best.pipelineId, mode: best.mode } : null,
    rule: TOKENIZE_RULE,
    processes,
  };
}
