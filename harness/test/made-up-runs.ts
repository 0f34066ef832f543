/**
 * Shared set-up of the analysis tests that feed made-up job processes (query-analysis,
 * tokenize-analysis): which planned process a record is, as a measured run that finished.
 */
import type { JobProcessRecord } from '../src/job-types.js';

/** The fields naming a made-up process: measured run `index` of `pipelineId`, finished ok, its stderr log a placeholder. */
export function madeUpRun(pipelineId: string, index: number) {
  return { pipelineId, index, kind: 'measured', status: 'ok', failure: null, stderrFile: 'x' } satisfies Partial<JobProcessRecord>;
}
