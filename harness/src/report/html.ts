/**
 * report.html: one self-contained file (chart.js inlined from node_modules, data embedded as
 * escaped JSON), readable offline. The order follows a newcomer's questions: which is faster
 * and by how much, where the time goes, how much memory, did they do the same work, what failed,
 * how was it measured.
 */
import { STAGES, type IterationResult, type RunSummary, type Stage } from '../types.js';
import { claimsHtmlSection } from './claims.js';
import { rooflineHtmlSection } from './claims-roofline.js';
import { html } from './html-escape.js';
import { chartScript, htmlPage } from './html-page.js';
import {
  costSection,
  equivalenceSection,
  failuresSection,
  gateSection,
  matrixSection,
  overheadSection,
  pipelinesSection,
  ratioSection,
  settingsSection,
} from './html-sections.js';
import { SCALE_CHART, scaleChartData, scaleSection } from './scale-html.js';
import { memorySection } from './memory.js';
import { querySection } from './query.js';
import { threadsSection } from './threads.js';
import { tokenizeSection } from './tokenize.js';
import { headlines, referenceOf, runsBehind } from './text.js';
import type { Renderer, ReportInput } from './types.js';

const MiB = 2 ** 20;

/** The measured run whose wall time is the median: its RSS timeline is the typical one. */
function typicalIteration(run: RunSummary, pipelineId: string): IterationResult | undefined {
  const ok = run.iterations
    .filter((it) => it.pipelineId === pipelineId && it.kind === 'measured' && it.status === 'ok' && (it.resources?.rssTimeline.length ?? 0) > 0)
    .sort((a, b) => a.wallMs - b.wallMs);
  return ok[Math.floor((ok.length - 1) / 2)];
}

function chartData({ summary, history }: ReportInput) {
  // Stacked exposed time plus "other": each bar adds up to the pipeline's median wall time.
  const stages = [...STAGES.filter((s) => summary.summaries.some((p) => p.timeBreakdown?.exposedMs[s] !== undefined)), 'other'];
  const pipelines = summary.summaries.map((p) => {
    const typical = typicalIteration(summary, p.pipelineId);
    const breakdown = p.timeBreakdown;
    return {
      name: p.pipelineName,
      stages: stages.map((s) => (s === 'other' ? breakdown?.otherMs : breakdown?.exposedMs[s as Stage]) ?? 0),
      wall: p.metrics.wall?.median ?? null,
      throughput: p.metrics['throughput:embed']?.median ?? null,
      throughputCi: p.metrics['throughput:embed'] ? [p.metrics['throughput:embed'].ci.ciLow, p.metrics['throughput:embed'].ci.ciHigh] : null,
      peakRssMiB: p.metrics.peak_rss ? p.metrics.peak_rss.median / MiB : null,
      timeline: typical?.resources?.rssTimeline.map(([t, b]) => [t, b / MiB]) ?? [],
    };
  });
  const runs = [...history, summary];
  const historyData =
    history.length > 0
      ? {
          labels: runs.map((r) => `${r.startedAt.slice(0, 16).replace('T', ' ')} ${r.environment.gitCommit?.slice(0, 7) ?? ''}`.trim()),
          series: summary.pipelines.map((p) => ({
            name: p.name,
            values: runs.map((r) => {
              const m = r.summaries.find((s) => s.pipelineId === p.id)?.metrics.wall?.median;
              return m === undefined ? null : m / 1000;
            }),
          })),
        }
      : null;
  return { stages, pipelines, history: historyData, scale: scaleChartData(summary) };
}

/** Draws the charts from the embedded JSON; text on a canvas cannot inject markup. */
const CHARTS = chartScript(`  var names = data.pipelines.map(function(p){return p.name;});
  function make(id, config){ var el = document.getElementById(id); if (el) new Chart(el, config); }
  make('chart-stages', {type:'bar', data:{labels:names, datasets:data.stages.map(function(s,i){return {label:s, data:data.pipelines.map(function(p){return p.stages[i]/1000;}), backgroundColor:palette[i%palette.length]};})},
    options:{indexAxis:'y', maintainAspectRatio:false, scales:{x:{stacked:true, title:{display:true, text:'seconds (median exposed time per stage; each bar adds up to the median end-to-end time)'}}, y:{stacked:true}}}});
  make('chart-throughput', {type:'bar', data:{labels:names, datasets:[{label:'embed throughput (chunks/s, median)', data:data.pipelines.map(function(p){return p.throughput;}), backgroundColor:names.map(function(_,i){return palette[i%palette.length];})}]},
    options:{maintainAspectRatio:false, plugins:{legend:{display:false}, title:{display:true, text:'chunks embedded per second (higher is better)'}}}});
  make('chart-rss', {type:'bar', data:{labels:names, datasets:[{label:'peak RSS (MiB, median)', data:data.pipelines.map(function(p){return p.peakRssMiB;}), backgroundColor:names.map(function(_,i){return palette[i%palette.length];})}]},
    options:{maintainAspectRatio:false, plugins:{legend:{display:false}, title:{display:true, text:'peak RSS of the process tree, MiB (lower is better)'}}}});
  make('chart-timeline', {type:'line', data:{datasets:data.pipelines.map(function(p,i){return {label:p.name, data:p.timeline.map(function(pt){return {x:pt[0]/1000, y:pt[1]};}), borderColor:palette[i%palette.length], backgroundColor:palette[i%palette.length], pointRadius:0, borderWidth:2};})},
    options:{maintainAspectRatio:false, parsing:false, scales:{x:{type:'linear', title:{display:true, text:'seconds since the process started'}}, y:{title:{display:true, text:'RSS, MiB'}}}}});
  if (data.history) make('chart-history', {type:'line', data:{labels:data.history.labels, datasets:data.history.series.map(function(s,i){return {label:s.name, data:s.values, borderColor:palette[i%palette.length], backgroundColor:palette[i%palette.length], spanGaps:true};})},
    options:{maintainAspectRatio:false, scales:{y:{title:{display:true, text:'end to end, seconds (median)'}}}}});${SCALE_CHART}`);

export function renderHtml(input: ReportInput): string {
  const run = input.summary;
  const data = chartData(input);
  const lines = headlines(run);
  const reference = referenceOf(run);
  const body = html`<header><h1>RAG pipeline bench: embed and index, ${run.pipelines.length} implementation${run.pipelines.length === 1 ? '' : 's'}</h1>
  <p>Run ${run.runId} · ${run.startedAt.replace('T', ' ').slice(0, 19)} UTC · ${run.settings.corpus.files.length} files · ${run.settings.mode} mode · ${run.store.name} ${run.store.version} (${run.store.kind})</p></header>
  <main>
  ${run.status !== 'complete' ? html`<p class="banner">This run is <strong>${run.status}</strong>: the figures cover only the iterations that finished.</p>` : ''}
  ${claimsHtmlSection(run.claims, run.claimsRun)}
  ${rooflineHtmlSection(run)}
  ${tokenizeSection(run)}
  ${querySection(run)}
  ${memorySection(run)}
  ${threadsSection(run)}
  <section class="headline" id="headline"><h2>The answer</h2>
    ${lines.map((l) => html`<p>${l}</p>`)}
    <p class="explain">Each pipeline read the same files, split them into the same chunks, embedded them with the same model and stored them in the same Qdrant.
    Figures are ${runsBehind(run)} (after ${run.iterationsPlanned.warmup} warmup), run in turn so machine drift hits all alike;
    the range in brackets is a distribution-free confidence interval with its exact coverage (harness/src/stats/README.md). Reference pipeline: ${reference?.pipelineName ?? 'none'}.</p>
  </section>
  <section><h2>At a glance</h2>${pipelinesSection(run)}</section>
  ${matrixSection(run)}
  <section><h2>Where the time goes</h2><p class="explain">Where the end-to-end time went: each stage's median <em>exposed</em> time, the part of the run it was on the critical path, so that each bar adds up to the median end-to-end time. When stages overlap, interleaved ones (one thread taking turns: embed a batch, upsert it) are exposed for their busy time, concurrent ones for the time the pipeline waited for them. <em>other</em> is what no stage covers: gaps between stages and process teardown. <em>startup</em> is process start until the runtime and libraries are loaded. Busy times per stage are in the tables and results.csv.</p><div class="chart"><canvas id="chart-stages" role="img" aria-label="stage breakdown per pipeline"></canvas></div></section>
  <section class="grid"><div><h2>Throughput</h2><div class="chart"><canvas id="chart-throughput" role="img" aria-label="embed throughput"></canvas></div></div>
    <div><h2>Memory</h2><div class="chart"><canvas id="chart-rss" role="img" aria-label="peak RSS"></canvas></div></div></section>
  <section><h2>Memory over time</h2><p class="explain">Resident memory of each pipeline's whole process tree during its median run.</p><div class="chart"><canvas id="chart-timeline" role="img" aria-label="RSS timeline"></canvas></div></section>
  <section><h2>Every ratio against the reference pipeline</h2><p class="explain">&gt; 1x means the candidate is better (faster, less memory, more throughput). Primary metrics are claims, Bonferroni-corrected over the candidates; the others are diagnostics.</p>${ratioSection(run)}</section>
  ${overheadSection(run)}
  ${scaleSection(run)}
  <section id="costs"><h2>Fixed cost and per-chunk cost</h2><p class="explain">End to end = fixed cost (start-up + model load, once per process) + chunks × per-chunk cost (medians; a linear model). Where two pipelines swap places as the corpus grows:</p>${costSection(run)}</section>
  ${gateSection(input)}
  ${data.history ? html`<section id="history"><h2>History of this workload</h2><p class="explain">Median end-to-end time of the ${input.history.length + 1} runs of this workload under results/.</p><div class="chart"><canvas id="chart-history" role="img" aria-label="history"></canvas></div></section>` : ''}
  <section><h2>Did they do the same work?</h2>${equivalenceSection(run)}</section>
  <section><h2>Failed iterations</h2>${failuresSection(run)}</section>
  <section><h2>Settings and environment</h2>${settingsSection(run)}</section>
  </main>`;
  return htmlPage(`Bench ${run.runId}`, body, data, CHARTS);
}

export const htmlRenderer: Renderer = { file: 'report.html', render: renderHtml };
