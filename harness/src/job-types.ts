/**
 * What every pipeline process of a job read as events records (the query and tokenize jobs:
 * query-types.ts, tokenize-types.ts add each job's own fields).
 */

import type { IterationFailure } from './types.js';

/** A pipeline's `ready` event: who it is and what it runs on. */
export interface JobPipelineInfo {
  pipeline: string;
  runtime: { name: string; version: string };
  libraries: Record<string, string>;
  threads: number;
}

/** One pipeline process of a job, apart from the job's own fields. */
export interface JobProcessRecord {
  pipelineId: string;
  /** 0-based among this pipeline's processes, warmups included. */
  index: number;
  kind: 'first' | 'warmup' | 'measured';
  status: 'ok' | 'failed';
  /** Why it failed, as an index iteration's outcome (`kind` + `message`: the pipeline's own error, a timeout, a protocol break naming the field); null when ok. */
  failure: IterationFailure | null;
  /** From its `ready` event. */
  info: JobPipelineInfo | null;
  /** Spawn to exit, ms (the harness's clock). */
  wallMs: number;
  /** The pipeline's stderr, relative to the run directory. */
  stderrFile: string;
}
