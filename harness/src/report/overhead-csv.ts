/**
 * overhead.csv (one row per pipeline: inference vs elsewhere) and overhead-pairs.csv (one row
 * per pair: the elsewhere ratio and claim 2's verdict). Written only for an overhead run; the
 * same figures as summary.json's `overhead`.
 */
import type { OverheadAnalysis, OverheadPair, OverheadPipeline } from '../types.js';
import { estimateColumns, type Row, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

export const pipelineRow = (p: OverheadPipeline): Row => ({
  pipelineId: p.pipelineId,
  stubId: p.stubId,
  runsFull: p.runs.full,
  runsStub: p.runs.stub,
  fullMs: p.fullMs,
  elsewhereMs: p.elsewhereMs,
  inferenceMs: p.inferenceMs,
  embedMs: p.embedMs,
  modelLoadMs: p.modelLoadMs,
  ...estimateColumns('inferenceShare', p.inferenceShare),
  inferenceMostly: p.inferenceMostly,
});

export const pairRow = (o: OverheadAnalysis, p: OverheadPair): Row => ({
  fasterId: p.fasterId,
  slowerId: p.slowerId,
  runsFaster: p.runs[0],
  runsSlower: p.runs[1],
  ...estimateColumns('elsewhereRatio', p.elsewhere),
  pValue: p.pValue,
  ...estimateColumns('endToEndRatio', p.endToEnd),
  endToEndSignificant: p.endToEndSignificant,
  alpha: o.alpha,
  significant: p.significant,
  endToEndGapMs: p.endToEndGapMs,
  elsewhereGapMs: p.elsewhereGapMs,
  gapShareElsewhere: p.gapShareElsewhere,
  gainFromOverhead: p.gainFromOverhead,
  verdict: p.verdict,
});

export const overheadCsvRenderer: Renderer = {
  file: 'overhead.csv',
  render: ({ summary }) => (summary.overhead ? toCsv(summary.overhead.pipelines.map(pipelineRow)) : null),
};

export const overheadPairsCsvRenderer: Renderer = {
  file: 'overhead-pairs.csv',
  render: ({ summary }) => {
    const o = summary.overhead;
    return o?.pairs.length ? toCsv(o.pairs.map((p) => pairRow(o, p))) : null;
  },
};
