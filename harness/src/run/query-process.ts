/**
 * One pipeline process of the query job (job-process.ts runs it): its stdout read as the query
 * job's events, query-events.ts checking each against the workload.
 */
import type { QueryProcess } from '../query-types.js';
import { type JobSpawn, runJobProcess } from './job-process.js';
import type { JobReadState } from './job-events.js';
import { acceptQueryEvent, emptyQueryFields, type QueryExpectation } from './query-events.js';

export interface QuerySpawn extends JobSpawn {
  expect: QueryExpectation;
}

export type QueryOutcome = Omit<QueryProcess, 'pipelineId' | 'index' | 'kind' | 'stderrFile'> & { interrupted: boolean };

export async function runQueryProcess(opts: QuerySpawn): Promise<QueryOutcome> {
  const out = emptyQueryFields();
  const state: JobReadState = { done: false, error: null };
  const accept = (ev: Record<string, unknown>) => acceptQueryEvent(out, ev, state, opts.expect);
  const end = await runJobProcess(opts, { maxLineBytes: 4 << 20, accept, state });
  return { ...out, status: end.failure ? 'failed' : 'ok', failure: end.failure, wallMs: end.wallMs, interrupted: end.interrupted };
}
