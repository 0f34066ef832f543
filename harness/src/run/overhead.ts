/**
 * The `overhead` workload's run side: every pipeline gets a stub-mode twin (`<id>-stub`, the
 * same command with mode "stub": hash embedding, no model) that the plan runs back to back with
 * it, so both modes see the same machine; the equivalence proof then runs per mode (stub vectors
 * are hashes, not the model's: they agree with each other, not with the full mode's).
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { EquivalenceProof, IterationResult, PipelineSpec } from '../types.js';
import { proveEquivalence } from '../verify/equivalence.js';

export const STUB_SUFFIX = '-stub';

/** Each pipeline followed by its stub-mode twin; the twin has no language or engine, so the matrix leaves it out. */
export function withStubTwins(pipelines: PipelineSpec[]): PipelineSpec[] {
  return pipelines.flatMap((p) => {
    const { language: _language, engine: _engine, ...rest } = p;
    const twin: PipelineSpec = { ...rest, id: p.id + STUB_SUFFIX, name: `${p.name} [stub mode]`, reference: false, mode: 'stub', stubTwinOf: p.id };
    return [p, twin];
  });
}

const union = <T>(a: Record<string, T> | undefined, b: Record<string, T> | undefined): Record<string, T> => ({ ...a, ...b });

/** Two proofs (full mode, stub mode) as one: every check of either, both must pass. */
export function mergeProofs(full: EquivalenceProof, stub: EquivalenceProof): EquivalenceProof {
  const chunkHashes = union(full.chunkHashes, stub.chunkHashes);
  return {
    chunkHashes,
    tokens: union(full.tokens, stub.tokens),
    runsHashed: union(full.runsHashed, stub.runsHashed),
    nonWaitingWrites: full.nonWaitingWrites && stub.nonWaitingWrites ? union(full.nonWaitingWrites, stub.nonWaitingWrites) : null,
    // the chunks (ids and payloads) do not depend on the mode: one hash across both
    chunksEqual: new Set(Object.values(chunkHashes)).size <= 1,
    minCosine: union(full.minCosine, stub.minCosine),
    cosineFloor: full.cosineFloor,
    top10Agree: full.top10Agree + stub.top10Agree,
    top10Queries: full.top10Queries + stub.top10Queries,
    passed: full.passed && stub.passed,
    problems: [...full.problems, ...stub.problems],
    notes: [...new Set([...full.notes, ...stub.notes.map((n) => `stub mode: ${n}`)])],
  };
}

/** The equivalence proof of a run; with stub twins, one proof per mode (each against its own reference), merged. */
export async function proveByMode(
  client: QdrantClient,
  kept: Map<string, string>,
  referenceId: string,
  queries: number,
  iterations: readonly IterationResult[],
  pipelines: readonly PipelineSpec[],
): Promise<EquivalenceProof> {
  const stubIds = new Set(pipelines.filter((p) => p.stubTwinOf !== undefined).map((p) => p.id));
  if (stubIds.size === 0) return proveEquivalence(client, kept, referenceId, queries, iterations);
  const part = (stub: boolean) => ({
    kept: new Map([...kept].filter(([id]) => stubIds.has(id) === stub)),
    iterations: iterations.filter((it) => stubIds.has(it.pipelineId) === stub),
  });
  const [full, stub] = [part(false), part(true)];
  const fullProof = await proveEquivalence(client, full.kept, referenceId, queries, full.iterations);
  if (stub.kept.size === 0) return fullProof;
  const stubProof = await proveEquivalence(client, stub.kept, referenceId + STUB_SUFFIX, queries, stub.iterations);
  return full.kept.size === 0 ? stubProof : mergeProofs(fullProof, stubProof);
}
