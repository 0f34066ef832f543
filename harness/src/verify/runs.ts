/**
 * The part of the equivalence proof that looks at every run, not only the collections kept for
 * the cross-pipeline comparison: token counts (contract rule 7: the model saw the same tokens),
 * the content hash of every measured run's collection, and the store's count of writes made
 * without wait=true (rule 5).
 */
import type { IterationResult, VerificationProblem } from '../types.js';

export interface RunChecks {
  /** Token count of each pipeline's measured runs (null: its runs disagree among themselves, or none). */
  tokens: Record<string, number | null>;
  /** How many measured runs' collections were hashed, per pipeline. */
  runsHashed: Record<string, number>;
  /** Non-waiting writes per pipeline over all its runs; null when the store does not count writes. */
  nonWaitingWrites: Record<string, number> | null;
  problems: VerificationProblem[];
}

const distinct = <T>(xs: T[]) => [...new Set(xs)];

export function checkRuns(iterations: readonly IterationResult[], pipelineIds: string[], referenceId: string): RunChecks {
  const checks: RunChecks = { tokens: {}, runsHashed: {}, nonWaitingWrites: {}, problems: [] };
  const fail = (pipelineId: string, kind: 'tokens' | 'content' | 'writes', message: string) => checks.problems.push({ kind, pipelineId, message });
  const measured = (id: string) => iterations.filter((it) => it.pipelineId === id && it.kind === 'measured' && it.status === 'ok');
  const tokenValues = new Map(pipelineIds.map((id) => [id, distinct(measured(id).flatMap((it) => (it.counts ? [it.counts.tokens] : [])))]));
  const hashValues = new Map(pipelineIds.map((id) => [id, distinct(measured(id).flatMap((it) => (it.contentHash ? [it.contentHash] : [])))]));
  const refTokens = tokenValues.get(referenceId) ?? [];
  const refHashes = hashValues.get(referenceId) ?? [];

  let anyWritesCounted = false;
  for (const id of pipelineIds) {
    const tokens = tokenValues.get(id)!;
    checks.tokens[id] = tokens.length === 1 ? tokens[0] : null;
    if (tokens.length > 1) fail(id, 'tokens', `its measured runs counted different tokens (${tokens.join(', ')})`);
    else if (id !== referenceId && tokens.length === 1 && refTokens.length === 1 && tokens[0] !== refTokens[0]) {
      fail(id, 'tokens', `counted ${tokens[0]} tokens, ${referenceId} ${refTokens[0]}: the model did not see the same tokens (contract rule 7)`);
    }

    const hashes = hashValues.get(id)!;
    checks.runsHashed[id] = measured(id).filter((it) => it.contentHash).length;
    if (hashes.length > 1) fail(id, 'content', `its measured runs stored different points or payloads (${hashes.length} different content hashes)`);
    else if (id !== referenceId && hashes.length === 1 && refHashes.length === 1 && hashes[0] !== refHashes[0]) {
      fail(
        id,
        'content',
        `its measured runs stored different points or payloads than ${referenceId}'s (content hash ${hashes[0].slice(0, 12)} vs ${refHashes[0].slice(0, 12)})`,
      );
    }

    const counted = iterations.filter((it) => it.pipelineId === id && it.writes);
    anyWritesCounted ||= counted.length > 0;
    const nonWaiting = counted.reduce((sum, it) => sum + it.writes!.nonWaiting, 0);
    checks.nonWaitingWrites![id] = nonWaiting;
    if (nonWaiting > 0) fail(id, 'writes', `made ${nonWaiting} write(s) without wait=true; contract rule 5 asks that every upsert be acknowledged`);
  }
  if (!anyWritesCounted) checks.nonWaitingWrites = null;
  return checks;
}
