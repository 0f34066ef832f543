/**
 * Reading a run to compare (a summary.json, a baseline file, or a run directory) with a
 * specific message for every way it can be wrong, and writing a baseline file to commit.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageEngineMatrix } from '../analysis/matrix.js';
import { summarize } from '../analysis/summarize.js';
import { InputError } from '../errors.js';
import { SCHEMA_VERSION, type RunSummary } from '../types.js';
import { writeFileAtomic } from './atomic.js';

const need = (cond: boolean, file: string, what: string) => {
  if (!cond) throw new InputError(`${file}: not a bench summary: ${what}`);
};

export function parseSummary(text: string, file: string): RunSummary {
  if (text.trim() === '') throw new InputError(`${file}: is empty`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: is not valid JSON (truncated or corrupted?): ${(e as Error).message}`);
  }
  need(typeof data === 'object' && data !== null && !Array.isArray(data), file, 'the top level must be an object');
  const s = data as Record<string, any>;
  if (s.schemaVersion === 1) {
    throw new InputError(
      `${file}: written by an older harness (schemaVersion 1: outcomes as free text, "baseline"/"cold"/"speedup" where it now says reference/first/factor); ` +
        'measure it again with this version (npm run bench, then npm run bench:check -- --save-baseline FILE for a baseline file)',
    );
  }
  need(s.schemaVersion === SCHEMA_VERSION, file, `schemaVersion must be ${SCHEMA_VERSION}, found ${JSON.stringify(s.schemaVersion)}`);
  need(typeof s.runId === 'string', file, 'runId (string) is missing');
  need(typeof s.settings === 'object' && s.settings !== null, file, 'settings (the workload) is missing');
  for (const k of ['chunkSize', 'chunkOverlap', 'embedBatchSize', 'upsertBatchSize', 'threads', 'mode', 'corpus', 'model', 'separators']) {
    need(k in s.settings, file, `settings.${k} is missing`);
  }
  need(Array.isArray(s.settings.corpus?.files), file, 'settings.corpus.files must be an array');
  need(
    typeof s.environment === 'object' && s.environment !== null && typeof s.environment.fingerprint === 'string',
    file,
    'environment.fingerprint is missing',
  );
  need(Array.isArray(s.pipelines), file, 'pipelines must be an array');
  need(Array.isArray(s.iterations), file, 'iterations must be an array');
  need(Array.isArray(s.summaries), file, 'summaries must be an array');
  s.summaries.forEach((p: any, i: number) => {
    need(typeof p?.pipelineId === 'string' && typeof p?.metrics === 'object' && p.metrics !== null, file, `summaries[${i}] needs pipelineId and metrics`);
    for (const [m, st] of Object.entries<any>(p.metrics)) {
      need(
        Array.isArray(st?.samples) && st.samples.every((x: unknown) => typeof x === 'number'),
        file,
        `summaries[${i}].metrics.${m}.samples must be an array of numbers`,
      );
    }
  });
  // written before the language x engine matrix: nothing was left out, and the matrix is computed here
  const summary = { ...s, leftOut: Array.isArray(s.leftOut) ? s.leftOut : [] } as RunSummary;
  // a summary written without statistics (e.g. by an interrupted run) is summarised here
  if (summary.summaries.length === 0 && summary.iterations.length > 0) return summarize(summary);
  return 'matrix' in s ? summary : { ...summary, matrix: languageEngineMatrix(summary) };
}

/** `path` is a summary/baseline JSON file or a run directory holding summary.json. */
export function loadSummary(path: string): RunSummary {
  if (!existsSync(path)) throw new InputError(`${path}: no such file or directory`);
  const file = statSync(path).isDirectory() ? join(path, 'summary.json') : path;
  if (!existsSync(file)) throw new InputError(`${path}: a directory without summary.json (is it a run directory under results/?)`);
  return parseSummary(readFileSync(file, 'utf8'), file);
}

/** A baseline meant to be committed: the summary with the bulky RSS timelines left out. */
export function baselineOf(summary: RunSummary): RunSummary {
  return {
    ...summary,
    iterations: summary.iterations.map((it) => ({
      ...it,
      resources: it.resources && { ...it.resources, rssTimeline: [] },
      storeResources: it.storeResources && { ...it.storeResources, rssTimeline: [] },
    })),
  };
}

export function saveBaseline(summary: RunSummary, file: string): void {
  writeFileAtomic(file, JSON.stringify(baselineOf(summary), null, 1) + '\n');
}
