/** report.md: the same story as report.html, in text, for a terminal or a pull request. */
import { formatValue, metricInfo } from '../metrics.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { mdCell } from './markdown-escape.js';
import { STAGES } from '../types.js';
import { describeRatio, fmtBytes, headlines, nameOf } from './text.js';
import type { Renderer, ReportInput } from './types.js';

function pipelineTable({ summary }: ReportInput): string[] {
  const stages = STAGES.filter((s) => summary.summaries.some((p) => p.metrics[`stage:${s}`]));
  const lines = [
    `| pipeline | runs ok / failed | end to end (median [95% CI]) | ${stages.join(' | ')} | embed chunks/s | peak RSS | first run | verified |`,
    `| --- | --- | --- | ${stages.map(() => '---').join(' | ')} | --- | --- | --- | --- |`,
  ];
  for (const p of summary.summaries) {
    const w = p.metrics.wall;
    lines.push(
      `| ${mdCell(p.pipelineName)} | ${p.measured} / ${p.failed} | ${w ? `${formatValue(w.median, 'ms')} [${formatValue(w.ci.ciLow, 'ms')}–${formatValue(w.ci.ciHigh, 'ms')}]` : 'n/a'} | ` +
        stages.map((s) => formatValue(p.metrics[`stage:${s}`]?.median ?? Number.NaN, 'ms')).join(' | ') +
        ` | ${formatValue(p.metrics['throughput:embed']?.median ?? Number.NaN, 'chunks/s')} | ${fmtBytes(p.metrics.peak_rss?.median ?? Number.NaN)}` +
        ` | ${p.first && p.first.status === 'ok' ? formatValue(p.first.wallMs, 'ms') : 'n/a'} | ${p.verified ? 'yes' : `**NO**: ${mdCell(p.verificationProblems.map((v) => v.message).join('; '))}`} |`,
    );
  }
  return lines;
}

export function renderMarkdown(input: ReportInput): string {
  const { summary: s, gate } = input;
  const out: string[] = [`# Bench run ${mdCell(s.runId)}`, ''];
  if (s.status !== 'complete') out.push(`> **This run is ${s.status}**: the figures cover the iterations that finished.`, '');
  out.push(...headlines(s).map((h) => `**${mdCell(h)}**  `), '');
  out.push('## Pipelines', '', 'Times are medians of the measured runs; the first run (the first process of each pipeline) is reported apart.', '', ...pipelineTable(input), '');
  if (s.ratios.length) {
    out.push('## Ratios against the reference pipeline', '', '| candidate vs reference | metric | factor [95% CI] |', '| --- | --- | --- |');
    for (const r of s.ratios) out.push(`| ${mdCell(nameOf(s, r.candidateId))} vs ${mdCell(nameOf(s, r.referenceId))} | ${metricInfo(r.metric).label} | ${describeRatio(r)} |`);
    out.push('');
  }
  out.push('## Did they do the same work?', '');
  if (s.equivalence) {
    const e = s.equivalence;
    out.push(
      `- Equivalence proof: **${e.passed ? 'passed' : 'FAILED'}**`,
      `- Chunks identical across pipelines: ${e.chunksEqual ? 'yes' : 'no'}`,
      ...Object.entries(e.minCosine).map(([pair, c]) => `- Lowest cosine of stored vectors, ${mdCell(pair.split('|').map((id) => nameOf(s, id)).join(' vs '))}: ${c.toFixed(5)} (must be >= ${e.cosineFloor})`),
      `- Same top-10 for ${e.top10Agree} of ${e.top10Queries} sample queries`,
      ...e.problems.map((p) => `- **${mdCell(nameOf(s, p.pipelineId))}**: ${mdCell(p.message)}`),
      ...e.notes.map((n) => `- ${mdCell(n)}`),
    );
  } else out.push('- No cross-pipeline equivalence proof in this run.');
  out.push('');
  const failed = s.iterations.filter((it) => it.status === 'failed');
  if (failed.length) {
    out.push('## Failed iterations', '', '| pipeline | run | iteration | failure | reason |', '| --- | --- | --- | --- | --- |');
    for (const it of failed) out.push(`| ${mdCell(it.pipelineName)} | ${it.index} | ${it.kind} | ${it.failure?.kind ?? 'unknown'} | ${mdCell(it.failure?.message ?? 'unknown')} |`);
    out.push('');
  }
  if (gate) out.push('## The regression gate against the baseline run', '', renderGateMarkdown(gate));
  const st = s.settings;
  out.push(
    '## Settings and environment',
    '',
    `- Workload: ${st.corpus.files.length} files (${fmtBytes(st.corpus.bytes)}, subset ${mdCell(st.corpus.subset)}), chunks of ${st.chunkSize} with overlap ${st.chunkOverlap}, model ${mdCell(st.model.name)}, embed batch ${st.embedBatchSize}, upsert batch ${st.upsertBatchSize}, ${st.threads} threads, mode ${st.mode}`,
    `- Iterations: ${s.iterationsPlanned.warmup} warmup + ${s.iterationsPlanned.measured} measured per pipeline, interleaved`,
    `- Store: ${mdCell(s.store.name)} ${mdCell(s.store.version)} (${s.store.kind}, ${mdCell(s.store.url)})`,
    `- Machine: ${mdCell(s.environment.cpuModel)}, ${s.environment.cpuCount} CPUs, ${fmtBytes(s.environment.memoryBytes)}, ${mdCell(s.environment.os)}, Node ${mdCell(s.environment.node)}, commit ${mdCell(s.environment.gitCommit ?? 'unknown')}`,
    ...s.summaries.map((p) => `- ${mdCell(p.pipelineName)}: ${p.pipelineInfo ? mdCell(`${p.pipelineInfo.runtime.name} ${p.pipelineInfo.runtime.version}; ${Object.entries(p.pipelineInfo.libraries).map(([k, v]) => `${k} ${v}`).join(', ')}; ${p.pipelineInfo.threads} threads`) : 'no version info'}`),
    '',
  );
  return out.join('\n');
}

export const markdownRenderer: Renderer = { file: 'report.md', render: renderMarkdown };
