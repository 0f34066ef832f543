/**
 * The scale workload's CSVs, written only for a scale run (the same figures as summary.json's
 * `scale`): scale.csv (one row per size and pipeline: the median with its interval),
 * scale-fit.csv (one row per pipeline: fixed and per-chunk cost with the bootstrap spread),
 * scale-claims.csv (one row per size and Rust-Python pair: claim 1's speedup and verdict).
 */
import type { BootstrapEstimate, ScaleAnalysis } from '../types.js';
import { estimateColumns, type Row, toCsv } from './csv-columns.js';
import type { Renderer } from './types.js';

const spreadColumns = (prefix: string, e: BootstrapEstimate): Row => ({
  [prefix]: e.value,
  [`${prefix}.low`]: e.low,
  [`${prefix}.high`]: e.high,
  [`${prefix}.method`]: e.method,
  [`${prefix}.resamples`]: e.resamples,
});

export const sizeRows = (s: ScaleAnalysis): Row[] =>
  s.sizes.flatMap((size) =>
    size.pipelines.map((p) => ({
      size: size.label,
      budgetBytes: size.budgetBytes,
      bytes: size.bytes,
      files: size.files,
      chunks: p.chunks,
      pipelineId: p.pipelineId,
      runs: p.runs,
      ...estimateColumns('wallMs', p.wallMs),
      rank: size.ranking.indexOf(p.pipelineId) + 1 || null,
      verified: size.verified,
      runDir: size.runDir,
    })),
  );

const render = (rows: (s: ScaleAnalysis) => Row[]) => (s: ScaleAnalysis | null | undefined) => {
  const r = s ? rows(s) : [];
  return r.length ? toCsv(r) : null;
};

export const scaleCsvRenderer: Renderer = { file: 'scale.csv', render: ({ summary }) => render(sizeRows)(summary.scale) };

export const scaleFitCsvRenderer: Renderer = {
  file: 'scale-fit.csv',
  render: ({ summary }) =>
    render((s) =>
      s.fits.map((f) => ({
        pipelineId: f.pipelineId,
        runs: f.runs,
        sizes: f.sizes,
        ...spreadColumns('fixedMs', f.fixedMs),
        ...spreadColumns('perChunkMs', f.perChunkMs),
        rmsResidualMs: f.rmsResidualMs,
      })),
    )(summary.scale),
};

export const scaleClaimsCsvRenderer: Renderer = {
  file: 'scale-claims.csv',
  render: ({ summary }) =>
    render((s) =>
      s.claims.map((c) => ({
        size: c.size,
        chunks: c.chunks,
        rustId: c.rustId,
        pythonId: c.pythonId,
        runsRust: c.runs[0],
        runsPython: c.runs[1],
        ...estimateColumns('speedup', c.speedup),
        pValue: c.pValue,
        alpha: s.alpha,
        bandLow: s.band[0],
        bandHigh: s.band[1],
        verdict: c.verdict,
      })),
    )(summary.scale),
};
