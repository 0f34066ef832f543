/**
 * The roofline section of a `--claims` run: this machine's fp32 GEMM peak (which engine, which
 * BLAS and instruction set, how many threads) and each pipeline's embed stage as achieved
 * GFLOP/s and a fraction of that peak. Rendering only (analysis/claims-roofline.ts counts).
 */
import type { RooflineAnalysis } from '../claims-types.js';
import type { RunSummary } from '../types.js';
import { type Html, html } from './html-escape.js';
import { mdCell } from './markdown-escape.js';
import { cell, clean, type Table, tableToHtml, tableToMarkdown } from './table.js';
import { nameOf } from './text.js';

export function rooflineTable(run: RunSummary, r: RooflineAnalysis): Table {
  return {
    id: 'roofline',
    columns: [
      { label: 'pipeline' },
      { label: 'runs' },
      { label: 'tokens per chunk (median)' },
      { label: 'GFLOP per run' },
      { label: 'embed GFLOP/s (median)', compact: true },
      { label: 'of the GEMM peak', compact: true },
    ],
    rows: r.pipelines.map((p) => [
      cell(nameOf(run, p.pipelineId)),
      cell(String(p.runs)),
      cell(p.tokensPerChunk.toFixed(0)),
      cell(p.gflopPerRun.toFixed(1)),
      cell(p.achievedGflops.toFixed(1)),
      cell(`${(p.fractionOfPeak * 100).toFixed(0)}%`),
    ]),
  };
}

/** The peak in words: what gave it, at how many threads. */
export function peakSentence(r: RooflineAnalysis): string {
  const g = r.gemm;
  return (
    `This machine's fp32 GEMM peak: ${g.gflops.toFixed(1)} GFLOP/s, the best of ${g.reps} ${g.n} x ${g.n} x ${g.n} products by ${g.engine} ` +
    `(BLAS: ${g.blas}; instruction set: ${g.isa}) at ${g.threads} thread${g.threads === 1 ? '' : 's'}. ` +
    `Pipelines' figures: ${r.source}, model ${r.model.name} (${r.model.layers} layers, hidden ${r.model.hidden}, feed-forward ${r.model.intermediate}).`
  );
}

export function rooflineMarkdownLines(run: RunSummary, r: RooflineAnalysis): string[] {
  return [
    '## Roofline: the embed stage against the GEMM peak',
    '',
    mdCell(peakSentence(r)),
    '',
    ...tableToMarkdown(rooflineTable(run, r)),
    '',
    mdCell(r.method),
    '',
  ];
}

export function rooflineHtmlSection(run: RunSummary): Html | string {
  const r = run.roofline;
  if (!r) return '';
  return html`<section id="roofline"><h2>Roofline: the embed stage against the GEMM peak</h2><p class="explain">${peakSentence(r)}</p>${tableToHtml(rooflineTable(run, r))}<p class="explain">${r.method}</p></section>`;
}

/** Two lines for the terminal: the peak, then each pipeline's embed stage against it. */
export function renderRooflineTerminal(run: RunSummary, r: RooflineAnalysis): string {
  const g = r.gemm;
  const each = r.pipelines.map((p) => `${nameOf(run, p.pipelineId)} ${p.achievedGflops.toFixed(1)} GFLOP/s (${(p.fractionOfPeak * 100).toFixed(0)}%)`);
  return clean(
    `Roofline: fp32 GEMM peak ${g.gflops.toFixed(1)} GFLOP/s (${g.engine}, ${g.blas}, ${g.isa}, ${g.threads} threads); embed stage: ${each.join(', ')}`,
  );
}
