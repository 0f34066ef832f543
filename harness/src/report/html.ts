/**
 * report.html: one self-contained file (chart.js inlined from node_modules, data embedded as
 * escaped JSON), readable offline. The order follows a newcomer's questions: which is faster
 * and by how much, where the time goes, how much memory, did they do the same work, what failed,
 * how was it measured.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MetricVerdict } from '../gate-types.js';
import { formatValue, metricInfo } from '../metrics.js';
import { STAGES, type IterationResult, type PipelineSummary, type RunSummary, type Stage } from '../types.js';
import { Html, html, jsonForScript, scriptSafe } from './html-escape.js';
import { describeRatio, fmtBytes, headlines, nameOf, referenceOf } from './text.js';
import type { Renderer, ReportInput } from './types.js';

let chartJsSource: string | null = null;
/** chart.js's UMD bundle, read once from node_modules. */
function chartJs(): string {
  if (chartJsSource === null) {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    chartJsSource = scriptSafe(readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8'));
  }
  return chartJsSource;
}

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
  return { stages, pipelines, history: historyData };
}

const verdictClass: Record<MetricVerdict['verdict'], string> = {
  regression: 'bad',
  improvement: 'good',
  unchanged: 'neutral',
  inconclusive: 'warn',
  insufficient: 'warn',
};

/** The harness's own CPU while the pipelines ran, as a share of their CPU (medians per pipeline): what measuring cost. */
function harnessShare(run: RunSummary): string {
  const shares = run.summaries.filter((p) => p.resources.harnessCpuShare !== null && p.resources.harnessCpuShare !== undefined);
  if (shares.length === 0) return 'not recorded';
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return `${shares.map((p) => `${pct(p.resources.harnessCpuShare!)} (${p.pipelineName})`).join(', ')} of the pipeline's CPU, median per iteration`;
}

function summaryTable(run: RunSummary): Html {
  const storeUse = run.summaries.some((p) => p.resources.storePeakRssBytes !== null);
  const row = (p: PipelineSummary) => {
    const w = p.metrics.wall;
    const ratio = run.ratios.find((r) => r.candidateId === p.pipelineId && r.metric === 'wall');
    return html`<tr>
      <th scope="row">${p.pipelineName}${p.reference ? html` <span class="tag">reference</span>` : ''}</th>
      <td>${w ? formatValue(w.median, 'ms') : 'n/a'}${w ? html`<div class="ci">95% CI ${formatValue(w.ci.ciLow, 'ms')}–${formatValue(w.ci.ciHigh, 'ms')}</div>` : ''}</td>
      <td>${ratio ? html`${describeRatio(ratio).replace(/ \[.*/, '')}${ratio.significant ? '' : html`<div class="ci">not significant</div>`}` : p.reference ? '1.00x (reference)' : 'n/a'}</td>
      <td>${formatValue(p.metrics['throughput:embed']?.median ?? Number.NaN, 'chunks/s')}</td>
      <td>${fmtBytes(p.metrics.peak_rss?.median ?? Number.NaN)}</td>
      <td>${formatValue(p.resources.cpuMs, 'ms')}</td>
      ${storeUse ? html`<td>${fmtBytes(p.resources.storePeakRssBytes ?? Number.NaN)}<div class="ci">grew ${fmtBytes(p.resources.storeRssGrowthBytes ?? Number.NaN)}; CPU ${formatValue(p.resources.storeCpuMs ?? Number.NaN, 'ms')}</div></td>` : ''}
      <td>${p.first && p.first.status === 'ok' ? formatValue(p.first.wallMs, 'ms') : 'n/a'}</td>
      <td>${p.measured} ok${p.failed ? html`, <span class="bad">${p.failed} failed</span>` : ''}</td>
      <td>${p.verified ? html`<span class="good">verified</span>` : html`<span class="bad">NOT verified</span><div class="ci">${p.verificationProblems.map((v) => v.message).join('; ')}</div>`}</td>
    </tr>`;
  };
  return html`<table class="data"><thead><tr><th>pipeline</th><th>end to end (median)</th><th>vs reference</th><th>embed throughput</th><th>peak RSS</th><th>CPU time (user + system)</th>${storeUse ? html`<th>Qdrant during each run (peak RSS, its growth, CPU used)</th>` : ''}<th>first run</th><th>runs</th><th>same work?</th></tr></thead>
    <tbody>${run.summaries.map(row)}</tbody></table>`;
}

/** A matrix: one row per metric, one column per candidate, so it stays short with many pipelines. */
function ratioTable(run: RunSummary): Html {
  if (run.ratios.length === 0) return html`<p>Only one pipeline: no ratios.</p>`;
  const candidates = [...new Set(run.ratios.map((r) => r.candidateId))];
  const metrics = [...new Set(run.ratios.map((r) => r.metric))];
  const referenceName = nameOf(run, run.ratios[0].referenceId);
  const cell = (id: string, metric: string) => {
    const r = run.ratios.find((x) => x.candidateId === id && x.metric === metric);
    if (!r) return html`<td>n/a</td>`;
    const cls = !r.significant ? 'neutral' : r.factor.value >= 1 ? 'good' : 'bad';
    return html`<td class="${cls}">${describeRatio(r).replace(/ \[.*/, '')}<div class="ci">${describeRatio(r).replace(/^[^[]*/, '')}${r.significant ? '' : ' · not significant'}</div></td>`;
  };
  return html`<table class="data" id="ratio-table"><thead><tr><th>metric</th>${candidates.map((id) => html`<th>${nameOf(run, id)} vs ${referenceName}</th>`)}</tr></thead><tbody>
    ${metrics.map((m) => html`<tr><th scope="row">${metricInfo(m).label}</th>${candidates.map((id) => cell(id, m))}</tr>`)}</tbody></table>`;
}

function gateSection({ gate }: ReportInput): Html {
  if (!gate) return html``;
  return html`<section id="gate"><h2>The regression gate against the baseline run</h2>
    <p class="verdict-line ${gate.exitCode === 0 ? 'good' : 'bad'}">${gate.headline}</p>
    <p>Baseline <code>${gate.baselineRunId}</code>. Ratio = this run / baseline (medians) with its 95% bootstrap CI. A change counts only when it is significant (the CI excludes 1 and a Mann-Whitney rank test gives p &lt; 0.05) <em>and</em> beyond the threshold.</p>
    ${verdictTable(gate.verdicts.filter((v) => v.verdict !== 'unchanged'), 'Every metric within its threshold or within noise.')}
    <details><summary>All ${gate.verdicts.length} metrics</summary>${verdictTable(gate.verdicts, '')}</details>
    ${gate.problems.length ? html`<ul class="bad">${gate.problems.map((p) => html`<li>${p.message}</li>`)}</ul>` : ''}
    ${gate.notes.length ? html`<ul>${gate.notes.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</section>`;
}

function verdictTable(verdicts: MetricVerdict[], whenEmpty: string): Html {
  if (verdicts.length === 0) return html`<p class="good">${whenEmpty}</p>`;
  return html`<table class="data"><thead><tr><th>pipeline</th><th>metric</th><th>baseline</th><th>this run</th><th>ratio [95% CI]</th><th>threshold</th><th>verdict</th></tr></thead><tbody>
    ${verdicts.map(
      (v) => html`<tr><td>${v.pipelineName}</td><td>${v.label}</td><td>${formatValue(v.baseline.median, v.unit as never)}</td><td>${formatValue(v.candidate.median, v.unit as never)}</td>
      <td>${Number.isFinite(v.ratio.value) ? `${v.ratio.value.toFixed(3)} [${v.ratio.ciLow.toFixed(3)}–${v.ratio.ciHigh.toFixed(3)}]` : 'n/a'}</td><td>±${(v.threshold * 100).toFixed(0)}%</td>
      <td><span class="${verdictClass[v.verdict]}">${v.verdict}</span> <span class="ci">${v.note}</span></td></tr>`,
    )}</tbody></table>`;
}

function equivalenceSection(run: RunSummary): Html {
  const e = run.equivalence;
  if (!e) return html`<p>No cross-pipeline equivalence proof in this run (it needs at least two pipelines with a successful run).</p>`;
  return html`<p class="verdict-line ${e.passed ? 'good' : 'bad'}">Equivalence proof ${e.passed ? 'passed' : 'FAILED'}</p>
    <ul>
      <li>Chunks identical across pipelines (hash of every chunk's id and text): <strong>${e.chunksEqual ? 'yes' : 'no'}</strong>
        <ul>${Object.entries(e.chunkHashes).map(([id, h]) => html`<li>${nameOf(run, id)}: <code>${h.slice(0, 16)}</code></li>`)}</ul></li>
      ${Object.entries(e.minCosine).map(([pair, c]) => html`<li>Lowest cosine between stored vectors of the same chunk, ${pair.split('|').map((id) => nameOf(run, id)).join(' vs ')}: <strong>${c.toFixed(5)}</strong> (must be ≥ ${e.cosineFloor})</li>`)}
      <li>Same top-10 results for <strong>${e.top10Agree} of ${e.top10Queries}</strong> sample queries</li>
      ${e.problems.map((p) => html`<li class="bad">${nameOf(run, p.pipelineId)}: ${p.message}</li>`)}
      ${e.notes.map((n) => html`<li>${n}</li>`)}
    </ul>`;
}

function failuresSection(run: RunSummary): Html {
  const failed = run.iterations.filter((it) => it.status === 'failed');
  if (failed.length === 0) return html`<p class="good">No iteration failed.</p>`;
  return html`<table class="data" id="failures"><thead><tr><th>pipeline</th><th>run #</th><th>iteration</th><th>exit code</th><th>failure</th><th>reason</th></tr></thead><tbody>
    ${failed.map((it) => html`<tr><td>${it.pipelineName}</td><td>${it.index}</td><td>${it.kind}</td><td>${it.exitCode ?? '–'}</td><td>${it.failure?.kind ?? 'unknown'}</td><td class="bad">${it.failure?.message ?? 'unknown'}</td></tr>`)}</tbody></table>`;
}

function settingsSection(run: RunSummary): Html {
  const s = run.settings;
  const env = run.environment;
  const dl = (rows: Array<[string, unknown]>) => html`<dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
  return html`<div class="grid">
    <div><h3>Workload (the same for every pipeline)</h3>${dl([
      ['corpus', `${s.corpus.files.length} of ${s.corpus.totalFiles} files, ${fmtBytes(s.corpus.bytes)} (${s.corpus.subset}) from ${s.corpus.dir}`],
      ['chunking', `${s.chunkSize} characters, overlap ${s.chunkOverlap}`],
      ['model', `${s.model.name}${s.model.sha256 ? ` (sha256 ${s.model.sha256.slice(0, 12)}…)` : ''}`],
      ['batches', `embed ${s.embedBatchSize}, upsert ${s.upsertBatchSize}`],
      ['threads', s.threads],
      ['mode', s.mode === 'stub' ? 'stub (no model: hash embeddings)' : 'full (real model)'],
      ['iterations', `${run.iterationsPlanned.warmup} warmup + ${run.iterationsPlanned.measured} measured per pipeline, interleaved${run.iterationsPlanned.orderSeed !== undefined ? `, each round in a shuffled order (seed ${run.iterationsPlanned.orderSeed})` : ''}`],
    ])}</div>
    <div><h3>Vector store</h3>${dl([
      ['store', `${run.store.name} ${run.store.version}`],
      ['kind', run.store.kind === 'embedded' ? 'embedded (started by the bench)' : 'external (QDRANT_URL)'],
      ['address', `${run.store.url} · gRPC ${run.store.grpcUrl}`],
    ])}
    <h3>Machine</h3>${dl([
      ['CPU', `${env.cpuModel} × ${env.cpuCount}`],
      ['memory', fmtBytes(env.memoryBytes)],
      ['OS', env.os],
      ['kernel', env.kernel ?? 'not recorded'],
      ['CPU governor', env.cpuGovernor === undefined ? 'not recorded' : (env.cpuGovernor ?? 'none (no cpufreq, e.g. a VM)')],
      ['harness CPU', harnessShare(run)],
      ['Node', env.node],
      ['git commit', env.gitCommit ?? 'unknown'],
      ['fingerprint', env.fingerprint],
    ])}</div>
    <div><h3>Pipelines</h3><ul class="plain">${run.pipelines.map((p) => {
      const info = run.summaries.find((x) => x.pipelineId === p.id)?.pipelineInfo;
      return html`<li><strong>${p.name}</strong> (<code>${p.id}</code>)<div class="ci">${info ? `${info.runtime.name} ${info.runtime.version}; ${Object.entries(info.libraries).map(([k, v]) => `${k} ${v}`).join(', ')}; ${info.threads} threads` : p.command.join(' ')}</div></li>`;
    })}</ul></div></div>`;
}

const STYLE = `
:root{--fg:#1d2330;--muted:#5b6473;--bg:#f6f7f9;--card:#fff;--good:#147a3d;--bad:#b42318;--warn:#a15c00;--line:#e3e6ea}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c5cad3}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
h2{margin:0 0 8px;font-size:18px}h3{font-size:15px;margin:12px 0 4px}.headline p{font-size:20px;margin:4px 0;font-weight:600}
.explain{color:var(--muted);font-size:14px!important;font-weight:400!important}summary{cursor:pointer;color:var(--muted);margin:8px 0}.good{color:var(--good)}.bad{color:var(--bad)}.warn{color:var(--warn)}.neutral{color:var(--muted)}
.tag{font-size:11px;background:#e8ecf2;color:var(--muted);border-radius:4px;padding:1px 6px;vertical-align:middle}
table.data{border-collapse:collapse;width:100%;font-size:14px}table.data th,table.data td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
table.data thead th{color:var(--muted);font-weight:600;font-size:13px}.ci{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}.chart{position:relative;height:300px}
ul.plain{list-style:none;padding:0;margin:0;font-size:14px}ul.plain li{margin:0 0 6px;word-break:break-word}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:14px}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
.verdict-line{font-weight:600;font-size:16px}code{font-size:13px;background:#f0f2f5;padding:1px 4px;border-radius:3px}
.banner{background:#fff4e5;border:1px solid #f5c07a;padding:10px 14px;border-radius:6px}`;

/** Draws the charts from the embedded JSON; text on a canvas cannot inject markup. */
const CHARTS = `
(function(){
  var data = JSON.parse(document.getElementById('bench-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var palette = ['#3565c9','#e07b24','#2e9e5b','#b5367a','#7a5bd6','#8c8c2a','#1b9aaa','#c94b4b'];
  var names = data.pipelines.map(function(p){return p.name;});
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
    options:{maintainAspectRatio:false, scales:{y:{title:{display:true, text:'end to end, seconds (median)'}}}}});
})();`;

export function renderHtml(input: ReportInput): string {
  const run = input.summary;
  const data = chartData(input);
  const lines = headlines(run);
  const reference = referenceOf(run);
  const body = html`<header><h1>RAG pipeline bench: embed and index, ${run.pipelines.length} implementation${run.pipelines.length === 1 ? '' : 's'}</h1>
  <p>Run ${run.runId} · ${run.startedAt.replace('T', ' ').slice(0, 19)} UTC · ${run.settings.corpus.files.length} files · ${run.settings.mode} mode · ${run.store.name} ${run.store.version} (${run.store.kind})</p></header>
  <main>
  ${run.status !== 'complete' ? html`<p class="banner">This run is <strong>${run.status}</strong>: the figures cover only the iterations that finished.</p>` : ''}
  <section class="headline" id="headline"><h2>The answer</h2>
    ${lines.map((l) => html`<p>${l}</p>`)}
    <p class="explain">Each pipeline read the same files, split them into the same chunks, embedded them with the same model and stored them in the same Qdrant.
    Figures are medians of ${run.iterationsPlanned.measured} measured runs per pipeline (after ${run.iterationsPlanned.warmup} warmup), run in turn so machine drift hits all alike;
    the range in brackets is the 95% bootstrap confidence interval. Reference pipeline: ${reference?.pipelineName ?? 'none'}.</p>
  </section>
  <section><h2>At a glance</h2>${summaryTable(run)}</section>
  <section><h2>Where the time goes</h2><p class="explain">Where the end-to-end time went: each stage's median <em>exposed</em> time, the part of the run it was on the critical path, so that each bar adds up to the median end-to-end time. When stages overlap, interleaved ones (one thread taking turns: embed a batch, upsert it) are exposed for their busy time, concurrent ones for the time the pipeline waited for them. <em>other</em> is what no stage covers: gaps between stages and process teardown. <em>startup</em> is process start until the runtime and libraries are loaded. Busy times per stage are in the tables and results.csv.</p><div class="chart"><canvas id="chart-stages" role="img" aria-label="stage breakdown per pipeline"></canvas></div></section>
  <section class="grid"><div><h2>Throughput</h2><div class="chart"><canvas id="chart-throughput" role="img" aria-label="embed throughput"></canvas></div></div>
    <div><h2>Memory</h2><div class="chart"><canvas id="chart-rss" role="img" aria-label="peak RSS"></canvas></div></div></section>
  <section><h2>Memory over time</h2><p class="explain">Resident memory of each pipeline's whole process tree during its median run.</p><div class="chart"><canvas id="chart-timeline" role="img" aria-label="RSS timeline"></canvas></div></section>
  <section><h2>Every ratio against the reference pipeline</h2><p class="explain">&gt; 1x means the candidate is better (faster, less memory, more throughput).</p>${ratioTable(run)}</section>
  ${gateSection(input)}
  ${data.history ? html`<section id="history"><h2>History of this workload</h2><p class="explain">Median end-to-end time of the ${input.history.length + 1} runs of this workload under results/.</p><div class="chart"><canvas id="chart-history" role="img" aria-label="history"></canvas></div></section>` : ''}
  <section><h2>Did they do the same work?</h2>${equivalenceSection(run)}</section>
  <section><h2>Failed iterations</h2>${failuresSection(run)}</section>
  <section><h2>Settings and environment</h2>${settingsSection(run)}</section>
  </main>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html`Bench ${run.runId}`}</title><style>${STYLE}</style></head>
<body>${body}
<script type="application/json" id="bench-data">${jsonForScript(data)}</script>
<script>${chartJs()}</script>
<script>${CHARTS}</script>
</body></html>
`;
}

export const htmlRenderer: Renderer = { file: 'report.html', render: renderHtml };
