/**
 * The language x engine matrix of a run (issue 11), part of the `summary.json` schema
 * (types.ts re-exports these): which pipeline sits in which cell and what it measured or why
 * it did not, and the two derived answers, "what the language costs" (same engine, another
 * language) and "what the engine costs" (same language, another engine).
 */
import type { Estimate } from './types.js';

/** A configured pipeline the run did not measure: not chosen for it, or set-up could not build it here. */
export interface LeftOutPipeline {
  id: string;
  name: string;
  language?: string;
  engine?: string;
  reason: { kind: 'not-selected'; message: string } | { kind: 'not-buildable'; message: string };
}

/** What one pipeline of a cell ended with: its figures, or why there are none. */
export type MatrixOutcome =
  | {
      kind: 'measured';
      message: string;
      /** Successful measured runs the figures rest on. */
      runs: number;
      /** Embed throughput (tokens per second of embed busy time): median and its order-statistic interval; null in stub mode. */
      tokensPerSecond: Estimate | null;
      /** End to end: median and its order-statistic interval. */
      wall: Estimate;
      verified: boolean;
    }
  | { kind: 'no-successful-run'; message: string }
  | LeftOutPipeline['reason'];

export interface MatrixMember {
  pipelineId: string;
  pipelineName: string;
  outcome: MatrixOutcome;
}

/** One language (row) x engine (column); no members: no configured pipeline is written in it. */
export interface MatrixCell {
  language: string;
  engine: string;
  members: MatrixMember[];
}

/** What a comparison is taken of, per iteration: end to end, everything but embed (wall - embed busy), embed busy time. */
export type CostPart = 'wall' | 'non-inference' | 'embed';

export const COST_PARTS: readonly CostPart[] = ['wall', 'non-inference', 'embed'];

/** One part of a comparison: the factor (> 1: the candidate takes less time) by the stats layer's ratio test. */
export interface CostFactor {
  factor: Estimate;
  /** Two-sided p-value of the exact rank test. */
  pValue: number;
  /** The interval at 1 - alpha excludes 1 and p < alpha (stats/ratio.ts ratioTest), alpha the family's. */
  significant: boolean;
  /** Measured runs of [anchor, candidate] with this part. */
  runs: [number, number];
}

/**
 * Two pipelines that share one side and differ in the other: the candidate against the anchor
 * (the group's pipeline on the reference pipeline's language or engine, else the group's first).
 */
export interface CostComparison {
  /** `language`: same engine, another language; `engine`: same language, another engine. */
  question: 'language' | 'engine';
  /** What both share: the engine (language question) or the language (engine question). */
  shared: string;
  anchorId: string;
  candidateId: string;
  /** The side that differs: the anchor's and the candidate's language (or engine). */
  anchorSide: string;
  candidateSide: string;
  parts: Record<CostPart, CostFactor | null>;
}

/** Every comparison x part of one run's answers is one family, Bonferroni-corrected. */
export interface CostFamily {
  /** Tests in the family (comparisons x parts that have samples). */
  tests: number;
  /** The level of each test: 0.05 / tests. */
  alpha: number;
  correction: 'bonferroni';
  /** Whether this run's sample sizes can reach p < alpha at all (else no comparison can be called significant). */
  reachable: boolean;
  /** The fewest measured runs per pipeline at which a test of this family can be significant. */
  fewestRuns: number;
}

export interface LanguageEngineMatrix {
  /** Rows and columns in the order the config first names them. */
  languages: string[];
  engines: string[];
  cells: MatrixCell[];
  comparisons: CostComparison[];
  family: CostFamily;
  /** Pipelines of the run that declare no language or engine: not placed in the matrix. */
  unplaced: string[];
}
