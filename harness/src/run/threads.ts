/**
 * The `threads` workload's run side (claim 4): every pipeline runs the index job once per thread
 * count, as a twin `<id>-t<t>` whose workload file and environment carry `threads` = t (rule 9:
 * every compute pool, plus OMP/MKL/RAYON_NUM_THREADS). The twins are ordinary pipelines of one
 * index run, so every count of every pipeline runs once per shuffled round (machine drift hits
 * all counts alike), and the equivalence proof holds them to the same work.
 */
import type { PipelineSpec } from '../types.js';

export const twinId = (id: string, threads: number) => `${id}-t${threads}`;

/**
 * Each pipeline followed by its twins, one per count. A twin keeps its pipeline's language (claim 4
 * compares Rust with Python) but not its engine, so the language x engine matrix leaves it out;
 * the reference pipeline's twin at the highest count is the run's reference.
 */
export function withThreadTwins(pipelines: readonly PipelineSpec[], counts: readonly number[]): PipelineSpec[] {
  const reference = pipelines.find((p) => p.reference) ?? pipelines[0];
  const top = Math.max(...counts);
  return pipelines.flatMap((p) => {
    const { engine: _engine, reference: _reference, ...rest } = p;
    return counts.map(
      (t): PipelineSpec => ({
        ...rest,
        id: twinId(p.id, t),
        name: `${p.name} [${t} thread${t === 1 ? '' : 's'}]`,
        reference: p === reference && t === top,
        threadsOf: { id: p.id, name: p.name },
        threadCount: t,
      }),
    );
  });
}
