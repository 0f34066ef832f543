/** How a claim row's one verdict follows from the verdicts of its figures (sizes, pairs). */
import type { ClaimVerdict } from '../types.js';

export const COMBINE_RULE =
  'The row holds when every figure it rests on holds, does not hold when every one does not, and is inconclusive otherwise (mixed or undecided figures: read them one by one).';

/** Every part holds: holds; every part does not hold: does not hold; anything else (none, mixed, undecided): inconclusive. */
export function combineVerdicts(parts: readonly ClaimVerdict[]): ClaimVerdict {
  if (parts.length > 0 && parts.every((p) => p === 'holds')) return 'holds';
  if (parts.length > 0 && parts.every((p) => p === 'does not hold')) return 'does not hold';
  return 'inconclusive';
}
