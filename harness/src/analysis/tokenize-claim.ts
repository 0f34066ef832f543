/**
 * Claim 3's row of the claims table, from a tokenize run (analysis/tokenize.ts decides, by its
 * stated rule): seconds per GB of every pass of a Rust-crate binding, each with its interval and
 * its own verdict; the row's verdict is the fastest pass's.
 */
import type { ClaimFigure } from '../claims-types.js';
import type { RunSummary } from '../types.js';
import type { ClaimMeasurement } from './claims-registry.js';

const nameOf = (run: RunSummary, id: string) => run.pipelines.find((p) => p.id === id)?.name ?? id;
const MODE_WORDS = { batched: 'batched', single: 'one text at a time' } as const;

export function tokenizeClaim(run: RunSummary): ClaimMeasurement | null {
  const t = run.tokenize;
  if (!t) return null;
  const figures: ClaimFigure[] = t.pipelines
    .filter((p) => p.rustTokenizers)
    .flatMap((p) =>
      p.modes.flatMap((m) =>
        m.secondsPerGb
          ? [
              {
                label: `${nameOf(run, p.pipelineId)} (${p.binding}), ${MODE_WORDS[m.mode]}, ${m.runs} runs on ${m.cores} core${m.cores === 1 ? '' : 's'}`,
                unit: 's/GB',
                estimate: m.secondsPerGb,
                verdict: m.verdict,
              },
            ]
          : [],
      ),
    );
  if (figures.length === 0) return null;
  const bytes = t.bytes === null ? 'n/a' : `${(t.bytes / 1e6).toPrecision(3)} MB`;
  return {
    figures,
    verdict: t.verdict,
    rule: t.rule,
    note: `${bytes} of text per run (the corpus repeated), ${t.threads} threads; ${t.agreement.passed ? 'every pipeline counted the same tokens' : 'TOKEN COUNTS DIFFER between pipelines: no verdict'}.`,
  };
}
