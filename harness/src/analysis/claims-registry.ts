/**
 * The claims of the article (issue 16) in the report's own words, the workload and command that
 * measure each, and the registry of measures: a workload plugs its claim in by adding one entry
 * here (claim number -> a function reading its results from a run). A claim without an entry,
 * or whose function finds nothing in the run, is "not measured in this run".
 */
import type { ClaimFigure, ClaimNumber } from '../claims-types.js';
import type { ClaimVerdict, RunSummary } from '../types.js';
import { speedClaim } from './claims-speed.js';
import { overheadClaim } from './claims-overhead.js';
import { claim4 } from './claims-threads.js';
import { memoryClaim } from './memory-claim.js';
import { tokenizeClaim } from './tokenize-claim.js';

/** What a workload's results say about its claim. */
export interface ClaimMeasurement {
  figures: ClaimFigure[];
  verdict: ClaimVerdict;
  rule: string;
  note: string | null;
}

/** Reads a claim's figures from a run; null when the run holds no results for it. */
export type ClaimMeasure = (run: RunSummary) => ClaimMeasurement | null;

export interface ClaimSpec {
  statement: string;
  /** The workload(s) that measure it: the first names the command. */
  workloads: string[];
}

/** Paraphrased, as the issue asks: the article is not quoted. */
export const CLAIMS: Record<ClaimNumber, ClaimSpec> = {
  1: {
    statement:
      'Rewriting a Python (LangChain) pipeline that chunks texts, embeds them and stores them in a vector database in Rust makes it about 1.5x as fast.',
    workloads: ['scale'],
  },
  2: {
    statement: "Model inference takes most of the time in both languages; Rust's gain comes from far less overhead around the inference.",
    workloads: ['overhead'],
  },
  3: {
    statement: "Hugging Face's Rust tokenizers get through 1 GB of text in under 20 seconds on an ordinary CPU.",
    workloads: ['tokenize'],
  },
  4: {
    statement: "Rust keeps every core busy where Python's GIL holds threads back, which matters when an agent runs many retrieval queries at once.",
    workloads: ['query', 'threads'],
  },
  5: {
    statement: 'Rust keeps memory tight and has no garbage-collector pauses: steady latency and no creeping memory in a long-running process.',
    workloads: ['memory'],
  },
};

/** The measures of the workloads this bench has; a new workload adds its claim's function here. */
export const CLAIM_MEASURES: Partial<Record<ClaimNumber, ClaimMeasure>> = {
  1: speedClaim,
  2: overheadClaim,
  3: tokenizeClaim,
  4: claim4,
  5: memoryClaim,
};
