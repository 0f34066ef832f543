/**
 * The query workload's verification: the same model searching the same points finds the same
 * neighbours. Each text's top-K ids of every successful process are compared, as sets, with the
 * reference pipeline's first successful process (float rounding may swap two neighbours of
 * equal score at the K-th place, so one id of K may differ, pipelines/README.md). A pipeline
 * with any text past that fails verification, named.
 */
import type { PipelineSpec } from '../types.js';
import type { QueryAnalysis, QueryProcess } from '../query-types.js';

/** Ids of `a` that `b` lacks. */
function missingFrom(a: string[], b: string[]): number {
  const other = new Set(b);
  return a.filter((id) => !other.has(id)).length;
}

/** The one id of K that may differ. */
export const ALLOWED_DIFFERENT_IDS = 1;

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

export function checkAnswers(
  processes: readonly QueryProcess[],
  texts: readonly string[],
  pipelines: readonly PipelineSpec[],
  preferredId: string | null,
): QueryAnalysis['agreement'] {
  const ok = processes.filter((p) => p.status === 'ok' && p.answers);
  const order = [preferredId, ...pipelines.map((p) => p.id)];
  const referenceId = order.find((id) => id !== null && ok.some((p) => p.pipelineId === id)) ?? null;
  if (referenceId === null) return { passed: false, referenceId: null, disagreeing: [], problems: ['no pipeline finished a query run'] };
  const reference = ok.find((p) => p.pipelineId === referenceId)!;
  const problems: string[] = [];
  const disagreeing = new Set<string>();
  for (const p of ok) {
    if (p === reference) continue;
    texts.forEach((text, i) => {
      const [mine, theirs] = [p.answers![i], reference.answers![i]];
      const off = missingFrom(theirs, mine);
      if (off <= ALLOWED_DIFFERENT_IDS && mine.length === theirs.length) return;
      disagreeing.add(p.pipelineId);
      problems.push(
        `${p.pipelineId} run ${p.index}: text ${i} (${quote(text)}): ${off} of ${theirs.length} ids of ${referenceId} run ${reference.index} missing (${mine.length} ids returned, ${theirs.length} by ${referenceId})`,
      );
    });
  }
  // the reference disagreeing with itself across runs is named too
  return { passed: disagreeing.size === 0, referenceId, disagreeing: [...disagreeing], problems };
}
