/**
 * report.html over several runs: the same page shell as a run's report (offline, printable),
 * the tables of runs-tables.ts, and one chart: each pipeline's median end to end per run.
 */
import type { RunsReport } from '../runs-types.js';
import { html } from './html-escape.js';
import { chartScript, htmlPage } from './html-page.js';
import { answersAcrossRuns, answersFamilyNote, factorsAcrossRuns, machinesTable, metricAcrossRuns, runLabel, runsIntro, runsListTable } from './runs-tables.js';
import type { RunsRenderer } from './runs-text.js';
import { type Table, tableToHtml } from './table.js';

function chartData(report: RunsReport) {
  return {
    pipelines: report.pipelines.map((p) => p.name),
    runs: report.runs.map((r) => ({
      label: runLabel(report, r),
      wallSeconds: report.pipelines.map((p) => {
        const m = r.summaries.find((s) => s.pipelineId === p.id)?.metrics.wall?.median;
        return m === undefined ? null : m / 1000;
      }),
    })),
  };
}

const CHARTS =
  chartScript(`  new Chart(document.getElementById('chart-runs'), {type:'bar', data:{labels:data.pipelines, datasets:data.runs.map(function(r,i){return {label:r.label, data:r.wallSeconds, backgroundColor:palette[i%palette.length]};})},
    options:{maintainAspectRatio:false, scales:{y:{title:{display:true, text:'end to end, seconds (median)'}}}}});`);

const section = (id: string, title: string, table: Table, lead = '') =>
  html`<section id="${id}"><h2>${title}</h2>${lead ? html`<p class="explain">${lead}</p>` : ''}${tableToHtml(table)}</section>`;

export function renderRunsHtml(report: RunsReport): string {
  const answers = answersAcrossRuns(report);
  const title = report.kind === 'machines' ? `${report.machines.length} machines side by side` : 'the history of one machine';
  const body = html`<header><h1>RAG pipeline bench: ${report.runs.length} runs, ${title}</h1>
  <p>${report.pipelines.length} pipelines · ${report.settings.corpus.files.length} files · ${report.settings.mode} mode · ${report.settings.threads} threads</p></header>
  <main>
  <section class="headline" id="headline"><h2>What this page compares</h2>${runsIntro(report).map((l) => html`<p class="explain">${l}</p>`)}</section>
  ${report.kind === 'machines' ? section('machines', 'Machines', machinesTable(report)) : ''}
  ${section('runs-list', 'Runs', runsListTable(report))}
  <section id="runs-chart"><h2>End to end per run</h2><p class="explain">Median end to end of each pipeline in each run.</p><div class="chart"><canvas id="chart-runs" role="img" aria-label="end to end per run"></canvas></div></section>
  ${section('end-to-end', 'End to end (median)', metricAcrossRuns(report, 'wall'))}
  ${section('factors', 'Factor against the reference pipeline, within each run', factorsAcrossRuns(report), "> 1x: faster than the run's reference pipeline. The figure to compare across machines.")}
  ${section('tokens', 'Embed throughput (tokens/s, median)', metricAcrossRuns(report, 'tokens_per_s:embed'))}
  ${section('memory', 'Peak RSS (median)', metricAcrossRuns(report, 'peak_rss'))}
  ${answers ? section('answers', 'What the language and the engine cost, per run', answers, answersFamilyNote(report)) : ''}
  </main>`;
  return htmlPage(`Bench: ${report.runs.length} runs`, body, chartData(report), CHARTS);
}

export const runsHtmlRenderer: RunsRenderer = { file: 'report.html', render: renderRunsHtml };
