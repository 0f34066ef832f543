/**
 * Judges a case that must end in an `error` event: the stage, a message naming the field, file
 * or address, a non-zero exit, nothing before a workload error and `ready` before any other.
 */
import { isDeepStrictEqual } from 'node:util';
import { type CaseOutcome, type CaseRun, endOf, errorOf, fail, notAnError, pass, quote, show } from './outcome.js';
import type { ExpectError } from './table.js';

/** Each spelling of a name once its placeholders are filled in ({corpus_dir} -> the directory). */
export function spellingsOf(name: string, placeholders: Record<string, string[]>): string[] {
  const keys = [...name.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  for (const key of keys) if (!placeholders[key]) throw new Error(`conformance table: unknown placeholder {${key}} in "${name}"`);
  const variants = Math.max(1, ...keys.map((k) => placeholders[k].length));
  const out = new Set<string>();
  for (let i = 0; i < variants; i++) {
    out.add(name.replace(/\{(\w+)\}/g, (_, k: string) => placeholders[k][Math.min(i, placeholders[k].length - 1)]));
  }
  return [...out];
}

const stageName = (stage: string | null) => (stage === null ? 'null (workload validation)' : stage);

function orderProblems(run: CaseRun, expected: ExpectError): string[] {
  const others = run.events.filter((e) => e.event !== 'error').map((e) => ('stage' in e ? `${e.event}:${e.stage}` : e.event));
  if (expected.error.stage === null) {
    return others.length > 0 ? [`events before a workload error (${others.join(', ')}): nothing may precede validation`] : [];
  }
  return run.events[0]?.event === 'ready' ? [] : ['no ready event before an error after validation'];
}

function readProblems(run: CaseRun, expected: ExpectError): string[] {
  if (!expected.read) return [];
  const end = endOf(run, 'read') as Record<string, unknown> | undefined;
  if (!end) return ['no end event of read before the error (reading comes before the store)'];
  return Object.entries(expected.read)
    .filter(([field, want]) => !isDeepStrictEqual(end[field], want))
    .map(([field, want]) => `end(read).${field} is ${show(end[field])}, expected ${show(want)}`);
}

export function judgeError(run: CaseRun, expected: ExpectError, placeholders: Record<string, string[]>): CaseOutcome {
  const error = errorOf(run);
  // The harness's outcome is 'error-event' whenever an error event came and nothing broke after it.
  if (!error || run.failure?.kind !== 'error-event') return fail(notAnError(run));
  const problems: string[] = [];
  if (error.stage !== expected.error.stage) {
    problems.push(`stage ${stageName(error.stage ?? null)}, expected ${stageName(expected.error.stage)}`);
  }
  for (const name of expected.error.names) {
    const spellings = spellingsOf(name, placeholders);
    if (!spellings.some((s) => error.message.includes(s))) problems.push(`the message does not name ${JSON.stringify(spellings[0])}`);
  }
  problems.push(...orderProblems(run, expected), ...readProblems(run, expected));
  if (run.exitCode === 0) problems.push('exit code 0 after an error event (must be non-zero)');
  const quoted = quote(error.message);
  return problems.length > 0 ? fail(`${problems.join('; ')}: ${quoted}`) : pass(quoted);
}
