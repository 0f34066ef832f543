/**
 * Claim 4's rule ("Rust puts every core to work where Python's GIL holds threads back"), judged
 * on scaling: queries/s at the highest concurrency level / at the lowest, per process of the Rust
 * and the Python pipeline (their declared languages), compared by median and interval.
 */
import type { ClaimVerdict } from '../types.js';
import type { QueryPipelineFigures } from '../query-types.js';

export const QUERY_RULE =
  "Claim 4 compares the Rust pipeline's scaling with the Python pipeline's (scaling = queries/s at the highest concurrency level / at the lowest, per process). " +
  "It holds when Rust's median scaling exceeds Python's and Rust's whole interval lies above Python's whole interval; it does not hold when Python's median scaling " +
  "is equal or better; it is inconclusive otherwise (intervals overlapping), with fewer than 2 measured runs of either, or when either pipeline's answers disagree " +
  "(different work). Both share the run's compute threads (rule 9: workers are not extra threads), so compute cannot scale past the machine's cores: on 2 cores " +
  'about 2x, however many queries are in flight. A figure above that means level 1 left the cores idle part of the time (waiting on the store, per-query overhead) ' +
  'and concurrency overlapped those waits: it is scaling of waiting, not of compute.';

/** The verdict from the two pipelines' figures (null: not in the run). */
export function claim4Verdict(rust: QueryPipelineFigures | null, python: QueryPipelineFigures | null): ClaimVerdict {
  const [r, p] = [rust?.scaling, python?.scaling];
  if (!rust || !python || !r || !p) return 'inconclusive';
  if (!rust.answersAgree || !python.answersAgree) return 'inconclusive';
  const runs = (f: QueryPipelineFigures) => Math.min(...f.levels.map((l) => l.runs));
  if (runs(rust) < 2 || runs(python) < 2) return 'inconclusive';
  if (p.value >= r.value) return 'does not hold';
  if (r.ciLow > p.ciHigh) return 'holds';
  return 'inconclusive';
}
