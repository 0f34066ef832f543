/**
 * results.csv: one row per iteration, the columns a flattening of IterationResult (the RSS
 * timeline, a list, stays in summary.json / iterations.jsonl).
 */
import { STAGES, type IterationResult } from '../types.js';
import { type Row, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

export function flattenIteration(it: IterationResult): Row {
  const row: Row = {
    runId: it.runId,
    pipelineId: it.pipelineId,
    pipelineName: it.pipelineName,
    index: it.index,
    kind: it.kind,
    status: it.status,
    'failure.kind': it.failure?.kind ?? null,
    'failure.message': it.failure?.message ?? null,
    startedAt: it.startedAt,
    wallMs: it.wallMs,
  };
  for (const stage of STAGES) {
    const s = it.stages.find((x) => x.stage === stage);
    row[`stages.${stage}.wallMs`] = s?.wallMs ?? null;
    row[`stages.${stage}.busyMs`] = s?.busyMs ?? null;
    row[`stages.${stage}.exposedMs`] = s?.exposedMs ?? null;
  }
  row.overlapped = it.overlapped.map((g) => `${g.stages.join('+')}:${g.kind}`).join(';');
  for (const k of ['documents', 'skippedFiles', 'chunks', 'tokens', 'points'] as const) row[`counts.${k}`] = it.counts?.[k] ?? null;
  row.storedPoints = it.storedPoints;
  for (const [prefix, r] of [
    ['resources', it.resources],
    ['storeResources', it.storeResources],
  ] as const) {
    row[`${prefix}.peakRssBytes`] = r?.peakRssBytes ?? null;
    row[`${prefix}.maxProcessHwmBytes`] = r?.maxProcessHwmBytes ?? null;
    row[`${prefix}.cpuUserMs`] = r?.cpuUserMs ?? null;
    row[`${prefix}.cpuSystemMs`] = r?.cpuSystemMs ?? null;
    row[`${prefix}.sampleIntervalMs`] = r?.sampleIntervalMs ?? null;
  }
  row['storeResources.rssGrowthBytes'] = it.storeResources?.rssGrowthBytes ?? null;
  row.harnessCpuMs = it.harnessCpuMs ?? null;
  row.exitCode = it.exitCode;
  row['pipelineInfo.runtime.name'] = it.pipelineInfo?.runtime.name ?? null;
  row['pipelineInfo.runtime.version'] = it.pipelineInfo?.runtime.version ?? null;
  row['pipelineInfo.libraries'] = it.pipelineInfo ? JSON.stringify(it.pipelineInfo.libraries) : null;
  row['pipelineInfo.threads'] = it.pipelineInfo?.threads ?? null;
  return row;
}

export const csvRenderer: Renderer = {
  file: 'results.csv',
  render: ({ summary }) => {
    const rows = summary.iterations.map(flattenIteration);
    const columns = Object.keys(flattenIteration(EMPTY));
    return toCsv(rows, columns);
  },
};

/** Gives the column list even for a run without iterations. */
const EMPTY: IterationResult = {
  runId: '',
  pipelineId: '',
  pipelineName: '',
  index: 0,
  kind: 'measured',
  status: 'ok',
  failure: null,
  startedAt: '',
  wallMs: 0,
  stages: [],
  overlapped: [],
  counts: null,
  storedPoints: null,
  resources: null,
  storeResources: null,
  exitCode: null,
  pipelineInfo: null,
};
