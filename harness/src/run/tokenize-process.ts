/**
 * One pipeline process of the tokenize job (job-process.ts runs it): its stdout read as the
 * tokenize job's events (pipelines/README.md, "The tokenize job"). Not the index job's runner
 * (spawn.ts): that one holds a pipeline to the index job's stages and `done` fields and samples
 * memory, which this job does not measure.
 */
import { acceptJobEvent, isNum, type JobReadState } from './job-events.js';
import { type JobSpawn, runJobProcess } from './job-process.js';
import { TOKENIZE_MODES, type TokenizeMode, type TokenizeProcess } from '../tokenize-types.js';

export type TokenizeOutcome = Omit<TokenizeProcess, 'pipelineId' | 'index' | 'kind' | 'stderrFile'> & { interrupted: boolean };

const PASS_STAGE: Record<string, TokenizeMode> = { tokenize_batched: 'batched', tokenize_single: 'single' };

/** A pass's `end` (tokenize_batched, tokenize_single: its busy time and tokens); other stages' ends are ignored. */
function passEnd(out: TokenizeOutcome, ev: Record<string, unknown>): string | null {
  const mode = PASS_STAGE[String(ev.stage)];
  if (!mode) return null;
  if (!isNum(ev.busy_ms) || !isNum(ev.tokens)) return `end of ${String(ev.stage)} without busy_ms and tokens`;
  out.passMs[mode] = ev.busy_ms;
  out.passTokens[mode] = ev.tokens;
  return null;
}

/** `done`: the grown corpus and its token counts. */
function doneEvent(out: TokenizeOutcome, ev: Record<string, unknown>): string | null {
  for (const k of ['documents', 'bytes', 'tokens', 'tokens_untruncated']) if (!isNum(ev[k])) return `done.${k} missing or not a number`;
  out.documents = ev.documents as number;
  out.bytes = ev.bytes as number;
  out.tokens = ev.tokens as number;
  out.tokensUntruncated = ev.tokens_untruncated as number;
  return null;
}

/** Folds one event into `out`; returns a message when it breaks the job's protocol. */
function accept(out: TokenizeOutcome, ev: Record<string, unknown>, state: JobReadState): string | null {
  return acceptJobEvent(ev, state, {
    ready: (info) => {
      out.info = info;
    },
    end: (end) => passEnd(out, end),
    done: (done) => doneEvent(out, done),
  });
}

const emptyOutcome = (): TokenizeOutcome => ({
  status: 'failed',
  failure: null,
  info: null,
  documents: null,
  bytes: null,
  tokens: null,
  tokensUntruncated: null,
  passMs: { batched: null, single: null },
  passTokens: { batched: null, single: null },
  wallMs: 0,
  interrupted: false,
});

export async function runTokenizeProcess(opts: JobSpawn): Promise<TokenizeOutcome> {
  const out = emptyOutcome();
  const state: JobReadState = { done: false, error: null };
  const end = await runJobProcess(opts, { maxLineBytes: 1 << 20, accept: (ev) => accept(out, ev, state), state });
  out.wallMs = end.wallMs;
  out.interrupted = end.interrupted;
  let failure = end.failure;
  if (!failure && TOKENIZE_MODES.some((m) => out.passMs[m] === null))
    failure = { kind: 'protocol', message: 'protocol: done without both passes (tokenize_batched, tokenize_single)' };
  out.failure = failure;
  out.status = failure ? 'failed' : 'ok';
  return out;
}
