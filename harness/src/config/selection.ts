/**
 * Which pipelines a run measures: the default set (every pipeline not marked `"default": false`),
 * a named set of the config (`"sets": {"matrix": [...]}`, `--set NAME`, `--matrix`), or an
 * explicit list (`--pipelines a,b`). Every configured pipeline the run leaves out is named with
 * why, so the language x engine matrix can say why a cell is empty.
 */
import { BenchError, ConfigError } from '../errors.js';
import type { LeftOutPipeline, PipelineSpec } from '../types.js';

/** The set `--matrix` selects. */
export const MATRIX_SET = 'matrix';

/** How the command line picks the pipelines (at most one of the three). */
export interface PipelineChoice {
  pipelines?: string[];
  set?: string;
  matrix?: boolean;
}

export interface Selection {
  /** The chosen pipelines in plan order; exactly one has `reference: true`. */
  pipelines: PipelineSpec[];
  /** Every configured pipeline not chosen, with why. */
  leftOut: LeftOutPipeline[];
  /** What was chosen, in words: `the default set`, `set "matrix"`, `--pipelines a,b`. */
  label: string;
}

function checkIds(all: PipelineSpec[]): void {
  const seen = new Set<string>();
  for (const p of all) {
    if (seen.has(p.id)) throw new ConfigError(`pipeline id "${p.id}" appears twice in the config`);
    seen.add(p.id);
  }
  const references = all.filter((p) => p.reference).map((p) => p.id);
  if (references.length > 1) throw new ConfigError(`more than one pipeline has "reference": true (${references.join(', ')})`);
}

/** The ids of `where` must name configured pipelines, each once. */
function checkMembers(where: string, ids: string[], all: PipelineSpec[]): void {
  const unknown = ids.filter((id) => !all.some((p) => p.id === id));
  if (unknown.length) throw new ConfigError(`${where}: unknown pipeline id(s) ${unknown.join(', ')}; configured: ${all.map((p) => p.id).join(', ')}`);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) throw new ConfigError(`${where}: ${[...new Set(twice)].join(', ')} listed twice`);
}

/**
 * Every set of the config, validated: the built-in `default` (pipelines not marked
 * `"default": false`) and `all` (every pipeline), then the declared ones (a declared `all`
 * replaces the built-in; `default` is not declared but marked on the pipelines).
 */
export function pipelineSets(all: PipelineSpec[], declared: Record<string, string[]> = {}): Map<string, string[]> {
  checkIds(all);
  if ('default' in declared) {
    throw new ConfigError('sets.default: the default set is not declared; mark the pipelines outside it with "default": false');
  }
  const defaults = all.filter((p) => p.default !== false).map((p) => p.id);
  if (defaults.length === 0) throw new ConfigError('every pipeline is marked "default": false: the default run would measure nothing');
  const sets = new Map<string, string[]>([
    ['default', defaults],
    ['all', all.map((p) => p.id)],
  ]);
  for (const [name, ids] of Object.entries(declared)) {
    checkMembers(`sets.${name}`, ids, all);
    sets.set(name, ids);
  }
  return sets;
}

/** How to bring a left-out pipeline into a run: the matrix switch, a set that holds it, or its id. */
function howToInclude(id: string, sets: Map<string, string[]>): string {
  if (sets.get(MATRIX_SET)?.includes(id)) return 'npm run bench -- --matrix';
  const named = [...sets.entries()].find(([name, ids]) => name !== 'all' && name !== 'default' && ids.includes(id));
  return named ? `npm run bench -- --set ${named[0]}` : `npm run bench -- --pipelines ${id}`;
}

function chosenIds(choice: PipelineChoice, sets: Map<string, string[]>, all: PipelineSpec[]): { ids: string[]; label: string } {
  const given = [choice.pipelines && '--pipelines', choice.set !== undefined && '--set', choice.matrix && '--matrix'].filter(Boolean);
  if (given.length > 1) throw new ConfigError(`${given.join(' and ')} exclude each other: pick the pipelines one way`);
  if (choice.pipelines) {
    checkMembers('--pipelines', choice.pipelines, all);
    return { ids: choice.pipelines, label: `--pipelines ${choice.pipelines.join(',')}` };
  }
  const name = choice.matrix ? MATRIX_SET : (choice.set ?? 'default');
  const ids = sets.get(name);
  if (!ids) {
    const flag = choice.matrix ? '--matrix' : `--set ${name}`;
    throw new ConfigError(`${flag}: no set named "${name}" in the config; sets: ${[...sets.keys()].join(', ')} (declare it under "sets")`);
  }
  return { ids, label: name === 'default' ? 'the default set' : `set "${name}"` };
}

/** The pipelines of this run, the ones it leaves out and why; exactly one reference pipeline. */
export function selectPipelines(all: PipelineSpec[], declaredSets: Record<string, string[]> | undefined, choice: PipelineChoice): Selection {
  const sets = pipelineSets(all, declaredSets);
  const { ids, label } = chosenIds(choice, sets, all);
  const chosen = ids.map((id) => all.find((p) => p.id === id)!);
  // the configured reference pipeline if chosen, else the first
  const referenceId = chosen.find((p) => p.reference)?.id ?? chosen[0].id;
  const leftOut: LeftOutPipeline[] = all
    .filter((p) => !ids.includes(p.id))
    .map((p) => ({
      id: p.id,
      name: p.name,
      language: p.language,
      engine: p.engine,
      reason: { kind: 'not-selected', message: `not in this run (it ran ${label}; ${howToInclude(p.id, sets)})` },
    }));
  return { pipelines: chosen.map((p) => ({ ...p, reference: p.id === referenceId })), leftOut, label };
}

/**
 * Takes pipelines that set-up could not build out of the run: each is left out with set-up's
 * one-line reason, and the reference moves to the first remaining pipeline if it was one of them.
 */
export function leaveOutUnbuildable<S extends Omit<Selection, 'label'> & { label?: string }>(
  selection: S,
  unbuildable: Array<{ id: string; message: string }>,
): S {
  const reasons = new Map(unbuildable.map((u) => [u.id, u.message]));
  const kept = selection.pipelines.filter((p) => !reasons.has(p.id));
  if (kept.length === 0) throw new BenchError(`no pipeline of this run can be built here: ${unbuildable.map((u) => `${u.id}: ${u.message}`).join('; ')}`);
  const referenceId = kept.find((p) => p.reference)?.id ?? kept[0].id;
  const dropped: LeftOutPipeline[] = selection.pipelines
    .filter((p) => reasons.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, language: p.language, engine: p.engine, reason: { kind: 'not-buildable', message: reasons.get(p.id)! } }));
  return {
    ...selection,
    pipelines: kept.map((p) => ({ ...p, reference: p.id === referenceId })),
    leftOut: [...selection.leftOut, ...dropped],
  };
}
