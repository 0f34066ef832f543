/**
 * The language x engine matrix of a run: every configured pipeline that declares its language
 * and engine sits in one cell, with its embed throughput and end to end (medians with their
 * order-statistic intervals) or why it has none (not in this run, not buildable here, no
 * successful run). The derived answers come from matrix-answers.ts.
 */
import type { LanguageEngineMatrix, MatrixCell, MatrixMember, MatrixOutcome, PipelineSpec, PipelineSummary, RunSummary } from '../types.js';
import { isBaselineCopy } from './gate/interleaved.js';
import { costComparisons } from './matrix-answers.js';

interface Placed {
  id: string;
  name: string;
  language: string;
  engine: string;
}

const placed = (p: { id: string; name: string; language?: string; engine?: string }): Placed | null =>
  p.language && p.engine ? { id: p.id, name: p.name, language: p.language, engine: p.engine } : null;

function measuredOutcome(s: PipelineSummary | undefined): MatrixOutcome {
  const wall = s?.metrics.wall;
  if (!s || s.measured === 0 || !wall) {
    return { kind: 'no-successful-run', message: `no successful measured run${s?.failed ? ` (${s.failed} failed)` : ''}` };
  }
  return {
    kind: 'measured',
    message: `${s.measured} measured run${s.measured === 1 ? '' : 's'}`,
    runs: s.measured,
    tokensPerSecond: s.metrics['tokens_per_s:embed']?.ci ?? null,
    wall: wall.ci,
    verified: s.verified,
  };
}

/** Not a gate's baseline copy nor an overhead run's stub-mode twin: a pipeline of its own. */
const inMatrix = (p: PipelineSpec) => !isBaselineCopy(p.id) && p.stubTwinOf === undefined;

/** The pipelines of the run (baseline copies of the gate left out), then those it left out, each with its outcome. */
function members(run: RunSummary): Array<Placed & { outcome: MatrixOutcome }> {
  const ran = run.pipelines.filter(inMatrix).map((p: PipelineSpec) => {
    const where = placed(p);
    return where && { ...where, outcome: measuredOutcome(run.summaries.find((s) => s.pipelineId === p.id)) };
  });
  const left = (run.leftOut ?? []).map((p) => {
    const where = placed(p);
    return where && { ...where, outcome: p.reason };
  });
  return [...ran, ...left].filter((m) => m !== null);
}

export function languageEngineMatrix(run: RunSummary): LanguageEngineMatrix | null {
  const all = members(run);
  if (all.length === 0) return null;
  const languages = [...new Set(all.map((m) => m.language))];
  const engines = [...new Set(all.map((m) => m.engine))];
  const cells: MatrixCell[] = languages.flatMap((language) =>
    engines.map((engine) => ({
      language,
      engine,
      members: all
        .filter((m) => m.language === language && m.engine === engine)
        .map((m): MatrixMember => ({ pipelineId: m.id, pipelineName: m.name, outcome: m.outcome })),
    })),
  );
  const { comparisons, family } = costComparisons(run, all);
  const unplaced = run.pipelines.filter((p) => inMatrix(p) && !placed(p)).map((p) => p.id);
  return { languages, engines, cells, comparisons, family, unplaced };
}
