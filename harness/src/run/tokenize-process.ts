/**
 * One pipeline process of the tokenize job: `<command...> <workload.json>` in its own process
 * group, its stdout read as the tokenize job's events (pipelines/README.md, "The tokenize job"),
 * killed as a whole on timeout or abort. The index job's runner (spawn.ts) is not used: it holds
 * a pipeline to the index job's stages and `done` fields and samples memory, which this job
 * does not measure.
 */
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { killTree } from './kill.js';
import { boundedLines, LineTooLongError } from './lines.js';
import { monotonicMs } from './protocol.js';
import { TOKENIZE_MODES, type TokenizeMode, type TokenizeProcess } from '../tokenize-types.js';

export interface TokenizeSpawn {
  command: string[];
  workloadPath: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  stderrPath: string;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
}

export type TokenizeOutcome = Omit<TokenizeProcess, 'pipelineId' | 'index' | 'kind' | 'stderrFile'> & { interrupted: boolean };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const PASS_STAGE: Record<string, TokenizeMode> = { tokenize_batched: 'batched', tokenize_single: 'single' };

/** Folds the events; returns a message when an event breaks the job's protocol. */
function accept(out: TokenizeOutcome, ev: Record<string, unknown>, state: { done: boolean; error: string | null }): string | null {
  if (!isNum(ev.t_ms)) return `event without a numeric t_ms: ${JSON.stringify(ev).slice(0, 200)}`;
  switch (ev.event) {
    case 'ready':
      out.info = {
        pipeline: String(ev.pipeline),
        runtime: ev.runtime as never,
        libraries: (ev.libraries ?? {}) as Record<string, string>,
        threads: Number(ev.threads),
      };
      return null;
    case 'start':
    case 'progress':
      return null;
    case 'end': {
      const mode = PASS_STAGE[String(ev.stage)];
      if (!mode) return null;
      if (!isNum(ev.busy_ms) || !isNum(ev.tokens)) return `end of ${String(ev.stage)} without busy_ms and tokens`;
      out.passMs[mode] = ev.busy_ms;
      out.passTokens[mode] = ev.tokens;
      return null;
    }
    case 'done':
      for (const k of ['documents', 'bytes', 'tokens', 'tokens_untruncated']) if (!isNum(ev[k])) return `done.${k} missing or not a number`;
      out.documents = ev.documents as number;
      out.bytes = ev.bytes as number;
      out.tokens = ev.tokens as number;
      out.tokensUntruncated = ev.tokens_untruncated as number;
      state.done = true;
      return null;
    case 'error':
      state.error = `${ev.stage ? `stage ${String(ev.stage)}: ` : ''}${String(ev.message)}`;
      return null;
    default:
      return `unknown event ${JSON.stringify(ev.event)}`;
  }
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

interface Reading {
  out: TokenizeOutcome;
  state: { done: boolean; error: string | null };
  /** The first reason to stop the process; later ones are dropped. */
  failure: () => string | null;
  kill: (why: string) => void;
  onStage?: (stage: string) => void;
}

/** Reads stdout to its end, folding the events; a broken line kills the process (the rest is drained). */
async function readEvents(stdout: Readable, r: Reading): Promise<void> {
  try {
    for await (const line of boundedLines(stdout, 1 << 20)) {
      if (r.failure() || line.trim() === '') continue;
      let ev: Record<string, unknown>;
      try {
        ev = JSON.parse(line);
      } catch {
        r.kill(`protocol: not a JSON line on stdout: ${JSON.stringify(line.slice(0, 200))}`);
        continue;
      }
      if (ev.event === 'start') r.onStage?.(String(ev.stage));
      const broken = accept(r.out, ev, r.state);
      if (broken) r.kill(`protocol: ${broken}`);
    }
  } catch (err) {
    if (!(err instanceof LineTooLongError)) throw err;
    r.kill(err.message);
  }
}

export async function runTokenizeProcess(opts: TokenizeSpawn): Promise<TokenizeOutcome> {
  const out = emptyOutcome();
  const state = { done: false, error: null as string | null };
  const t0 = monotonicMs();
  const [file, ...args] = opts.command;
  const child = execa(file, [...args, opts.workloadPath], {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: { file: opts.stderrPath },
    buffer: false,
    reject: false,
    detached: true, // its own process group, killed as a whole
    cleanup: true,
  });
  let failure: string | null = null;
  const kill = (why: string) => {
    failure ??= why;
    if (child.pid) killTree(child.pid, []);
  };
  const timer = setTimeout(() => kill(`still running after ${opts.timeoutMs / 1000} s (--timeout); process tree killed`), opts.timeoutMs);
  const onAbort = () => {
    out.interrupted = true;
    kill('interrupted (Ctrl-C)');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  await readEvents(child.stdout!, { out, state, failure: () => failure, kill, onStage: opts.onStage });
  const result = await child;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  out.wallMs = monotonicMs() - t0;
  failure ??= state.error;
  if (!failure && !state.done) failure = `exited with ${result.exitCode ?? result.signal} without a done event`;
  if (!failure && result.exitCode !== 0) failure = `exited with ${result.exitCode} after done`;
  if (!failure && TOKENIZE_MODES.some((m) => out.passMs[m] === null)) failure = 'protocol: done without both passes (tokenize_batched, tokenize_single)';
  out.failure = failure;
  out.status = failure ? 'failed' : 'ok';
  return out;
}
