/** The sections of report.html below the headline: tables from tables.ts, the proof, the settings. */
import type { RunSummary } from '../types.js';
import { type Html, html } from './html-escape.js';
import { sectionToHtml, tableToHtml } from './table.js';
import { answersTable, familyStatement, matrixExplanation, matrixTable } from './matrix-tables.js';
import { overheadSectionOf } from './overhead.js';
import { costTable, failuresTable, pipelinesTable, ratioTable, verdictTable } from './tables.js';
import { crossoverLines, fmtBytes, nameOf } from './text.js';
import type { ReportInput } from './types.js';

export const pipelinesSection = (run: RunSummary): Html => tableToHtml(pipelinesTable(run));

export function ratioSection(run: RunSummary): Html {
  if (run.ratios.length === 0) return html`<p>Only one pipeline: no ratios.</p>`;
  return tableToHtml(ratioTable(run));
}

/** The language x engine matrix and the two derived answers; nothing when no pipeline declares its language and engine. */
export function matrixSection({ matrix: m }: RunSummary): Html {
  if (!m) return html``;
  const answers = m.comparisons.length
    ? html`<h3>What the language costs, what the engine costs</h3>${familyStatement(m).map((l) => html`<p class="explain">${l}</p>`)}${tableToHtml(answersTable(m))}`
    : html`<p class="explain">No two pipelines of this run share a language or an engine, so neither cost can be told apart here (npm run bench -- --matrix).</p>`;
  return html`<section id="language-engine"><h2>Language x engine</h2>${matrixExplanation(m).map((l) => html`<p class="explain">${l}</p>`)}
    ${tableToHtml(matrixTable(m))}${answers}</section>`;
}

/** Inference vs everything else and claim 2's verdicts; nothing outside an overhead run. */
export function overheadSection(run: RunSummary): Html {
  return run.overhead ? sectionToHtml(overheadSectionOf(run, run.overhead)) : html``;
}

export function costSection(run: RunSummary): Html {
  if (!run.costs) return html`<p>No successful measured run: no cost split.</p>`;
  return html`${tableToHtml(costTable(run))}<ul>${crossoverLines(run).map((l) => html`<li>${l}</li>`)}</ul>`;
}

export function gateSection({ gate }: ReportInput): Html {
  if (!gate) return html``;
  const changed = gate.verdicts.filter((v) => v.verdict !== 'unchanged');
  return html`<section id="gate"><h2>The regression gate against the baseline run</h2>
    <p class="verdict-line ${gate.exitCode === 0 ? 'good' : 'bad'}">${gate.headline}</p>
    <p>Baseline <code>${gate.baselineRunId}</code>. Ratio = this run / baseline (Hodges-Lehmann estimate) with its exact rank interval. A change counts only when it is significant (the interval excludes 1 and the exact rank test gives p &lt; alpha, alpha = 0.05 / ${gate.family.comparisons}, Bonferroni over pipelines × primary metrics) <em>and</em> beyond the threshold. Stages are diagnostics.</p>
    ${changed.length ? tableToHtml(verdictTable('gate-changes', changed)) : html`<p class="good">Every gated metric within its threshold or within noise.</p>`}
    <details><summary>All ${gate.verdicts.length} gated metrics</summary>${tableToHtml(verdictTable('gate-verdicts', gate.verdicts))}</details>
    ${gate.diagnostics.length ? html`<details><summary>Stages (diagnostics, not gated)</summary>${tableToHtml(verdictTable('gate-diagnostics', gate.diagnostics))}</details>` : ''}
    ${gate.problems.length ? html`<ul class="bad">${gate.problems.map((p) => html`<li>${p.message}</li>`)}</ul>` : ''}
    ${gate.notes.length ? html`<ul>${gate.notes.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</section>`;
}

export function equivalenceSection(run: RunSummary): Html {
  const e = run.equivalence;
  if (!e) return html`<p>No cross-pipeline equivalence proof in this run (it needs at least two pipelines with a successful run).</p>`;
  return html`<p class="verdict-line ${e.passed ? 'good' : 'bad'}">Equivalence proof ${e.passed ? 'passed' : 'FAILED'}</p>
    <ul>
      <li>Chunks identical across pipelines (hash of every chunk's id and text): <strong>${e.chunksEqual ? 'yes' : 'no'}</strong>
        <ul>${Object.entries(e.chunkHashes).map(([id, h]) => html`<li>${nameOf(run, id)}: <code>${h.slice(0, 16)}</code></li>`)}</ul></li>
      ${Object.entries(e.minCosine).map(
        ([pair, c]) =>
          html`<li>Lowest cosine between stored vectors of the same chunk, ${pair
            .split('|')
            .map((id) => nameOf(run, id))
            .join(' vs ')}: <strong>${c.toFixed(5)}</strong> (must be ≥ ${e.cosineFloor})</li>`,
      )}
      <li>Same top-10 results for <strong>${e.top10Agree} of ${e.top10Queries}</strong> sample queries</li>
      ${e.problems.map((p) => html`<li class="bad">${nameOf(run, p.pipelineId)}: ${p.message}</li>`)}
      ${e.notes.map((n) => html`<li>${n}</li>`)}
    </ul>`;
}

export function failuresSection(run: RunSummary): Html {
  if (!run.iterations.some((it) => it.status === 'failed')) return html`<p class="good">No iteration failed.</p>`;
  return tableToHtml(failuresTable(run));
}

/** The harness's own CPU while the pipelines ran, as a share of their CPU (medians per pipeline): what measuring cost. */
function harnessShare(run: RunSummary): string {
  const shares = run.summaries.filter((p) => p.resources.harnessCpuShare !== null && p.resources.harnessCpuShare !== undefined);
  if (shares.length === 0) return 'not recorded';
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return `${shares.map((p) => `${pct(p.resources.harnessCpuShare ?? 0)} (${p.pipelineName})`).join(', ')} of the pipeline's CPU, median per iteration`;
}

export function settingsSection(run: RunSummary): Html {
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
      [
        'iterations',
        `${run.iterationsPlanned.warmup} warmup + ${run.iterationsPlanned.measured} measured per pipeline, interleaved${run.iterationsPlanned.orderSeed !== undefined ? `, each round in a shuffled order (seed ${run.iterationsPlanned.orderSeed})` : ''}`,
      ],
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
      return html`<li><strong>${p.name}</strong> (<code>${p.id}</code>)<div class="ci">${
        info
          ? `${info.runtime.name} ${info.runtime.version}; ${Object.entries(info.libraries)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}; ${info.threads} threads`
          : p.command.join(' ')
      }</div></li>`;
    })}</ul></div></div>`;
}
