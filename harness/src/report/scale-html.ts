/** The scale section of report.html: the chart (every run and the fitted lines), the verdicts per size, the tables. */
import type { RunSummary } from '../types.js';
import { type Html, html } from './html-escape.js';
import { scaleClaimLines, scaleCrossoverLines, scaleExplanation, scaleFitTable, scaleSizesTable } from './scale.js';
import { tableToHtml } from './table.js';
import { nameOf } from './text.js';

/** The chart's data: per pipeline its runs (chunks, seconds) and its fitted line from 0 to the largest size. */
export function scaleChartData(run: RunSummary) {
  const s = run.scale;
  if (!s) return null;
  const top = Math.max(0, ...s.points.map((p) => p.chunks));
  return s.fits.map((f) => ({
    name: nameOf(run, f.pipelineId),
    points: s.points.filter((p) => p.pipelineId === f.pipelineId).map((p) => [p.chunks, p.wallMs / 1000]),
    line: [0, top].map((x) => [x, (f.fixedMs.value + x * f.perChunkMs.value) / 1000]),
  }));
}

/** Chart.js: a scatter of every measured run and a line per fit, in the pipeline's colour. */
export const SCALE_CHART = `
  if (data.scale) make('chart-scale', {type:'scatter', data:{datasets:data.scale.flatMap(function(p,i){var c=palette[i%palette.length];
      return [{label:p.name+' (runs)', data:p.points.map(function(pt){return {x:pt[0], y:pt[1]};}), borderColor:c, backgroundColor:c, pointRadius:3},
              {label:p.name+' (fit)', type:'line', data:p.line.map(function(pt){return {x:pt[0], y:pt[1]};}), borderColor:c, backgroundColor:c, pointRadius:0, borderWidth:2}];})},
    options:{maintainAspectRatio:false, plugins:{title:{display:true, text:'dots: every measured run; lines: the least-squares fit over all sizes'}}, scales:{x:{type:'linear', title:{display:true, text:'chunks'}}, y:{title:{display:true, text:'end to end, seconds'}}}}});`;

/** The section; nothing outside a scale run. */
export function scaleSection(run: RunSummary): Html {
  const s = run.scale;
  if (!s) return html``;
  return html`<section id="scale"><h2>End to end as the corpus grows (claim 1 per size)</h2>
    ${scaleClaimLines(run, s).map((l) => html`<p class="verdict-line ${l.tone}">${l.text}</p>`)}
    <div class="chart"><canvas id="chart-scale" role="img" aria-label="end to end against chunks per pipeline"></canvas></div>
    ${tableToHtml(scaleSizesTable(run, s))}
    <h3>Fixed cost and per-chunk cost, fitted over every size</h3>${tableToHtml(scaleFitTable(run, s))}
    <h3>Where the ranking changes</h3><ul>${scaleCrossoverLines(run, s).map((l) => html`<li>${l}</li>`)}</ul>
    ${scaleExplanation(s).map((l) => html`<p class="explain">${l}</p>`)}</section>`;
}
