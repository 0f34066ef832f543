/**
 * Whether each pipeline is verified, and every reason it is not: the one place that turns
 * the run's evidence (point counts checked per iteration, the equivalence proof) into a
 * pipeline's verification problems.
 */
import type { IterationResult, PipelineSpec, RunSummary, VerificationProblem } from '../types.js';

export interface Verification {
  verified: boolean;
  problems: VerificationProblem[];
}

export function verificationOf(run: RunSummary, pipeline: PipelineSpec): Verification {
  const mine = run.iterations.filter((it) => it.pipelineId === pipeline.id);
  const problems: VerificationProblem[] = mine.flatMap((it: IterationResult): VerificationProblem[] =>
    it.failure?.kind === 'verification' ? [{ kind: 'point-count', pipelineId: pipeline.id, message: `iteration ${it.index}: ${it.failure.message}` }] : [],
  );
  const proof = run.equivalence;
  problems.push(...(proof?.problems ?? []).filter((p) => p.pipelineId === pipeline.id));
  const succeeded = mine.some((it) => it.kind === 'measured' && it.status === 'ok');
  if (!succeeded) {
    problems.push({ kind: 'not-proven', pipelineId: pipeline.id, message: 'no successful measured iteration' });
  } else if (!proof || !(pipeline.id in proof.chunkHashes)) {
    if (!problems.some((p) => p.kind === 'proof-error')) {
      problems.push({ kind: 'not-proven', pipelineId: pipeline.id, message: 'not part of the equivalence proof (the run stopped before it)' });
    }
  }
  return { verified: problems.length === 0, problems };
}
