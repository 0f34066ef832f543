/** report.md: the same story as report.html, in text, for a terminal or a pull request. */
import type { LanguageEngineMatrix, RunSummary } from '../types.js';
import { claimsMarkdownLines } from './claims.js';
import { rooflineMarkdownLines } from './claims-roofline.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { mdCell } from './markdown-escape.js';
import { sectionToMarkdown, tableToMarkdown } from './table.js';
import { answersTable, familyStatement, matrixExplanation, matrixTable } from './matrix-tables.js';
import { overheadSectionOf } from './overhead.js';
import { scaleMarkdownLines } from './scale.js';
import { memoryMarkdownLines } from './memory.js';
import { queryMarkdownLines } from './query.js';
import { threadsMarkdownLines } from './threads.js';
import { tokenizeMarkdownLines } from './tokenize.js';
import { costTable, failuresTable, pipelinesTable, ratioTable } from './tables.js';
import { crossoverLines, fmtBytes, headlines, nameOf, runsBehind } from './text.js';
import type { Renderer, ReportInput } from './types.js';

function equivalence(s: RunSummary): string[] {
  const e = s.equivalence;
  if (!e) return ['- No cross-pipeline equivalence proof in this run.'];
  return [
    `- Equivalence proof: **${e.passed ? 'passed' : 'FAILED'}**`,
    `- Chunks identical across pipelines: ${e.chunksEqual ? 'yes' : 'no'}`,
    ...Object.entries(e.minCosine).map(
      ([pair, c]) =>
        `- Lowest cosine of stored vectors, ${mdCell(
          pair
            .split('|')
            .map((id) => nameOf(s, id))
            .join(' vs '),
        )}: ${c.toFixed(5)} (must be >= ${e.cosineFloor})`,
    ),
    `- Same top-10 for ${e.top10Agree} of ${e.top10Queries} sample queries`,
    ...e.problems.map((p) => `- **${mdCell(nameOf(s, p.pipelineId))}**: ${mdCell(p.message)}`),
    ...e.notes.map((n) => `- ${mdCell(n)}`),
  ];
}

/** The language x engine matrix and, when pipelines share a side, what the language and the engine cost. */
function matrixSection(m: LanguageEngineMatrix): string[] {
  const answers = m.comparisons.length
    ? ['### What the language costs, what the engine costs', '', ...familyStatement(m).map(mdCell), '', ...tableToMarkdown(answersTable(m))]
    : ['No two pipelines of this run share a language or an engine, so neither cost can be told apart here (npm run bench -- --matrix).'];
  return ['## Language x engine', '', ...matrixExplanation(m).map(mdCell), '', ...tableToMarkdown(matrixTable(m)), '', ...answers, ''];
}

function settings(s: RunSummary): string[] {
  const st = s.settings;
  const info = (p: RunSummary['summaries'][number]) =>
    p.pipelineInfo
      ? mdCell(
          `${p.pipelineInfo.runtime.name} ${p.pipelineInfo.runtime.version}; ${Object.entries(p.pipelineInfo.libraries)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}; ${p.pipelineInfo.threads} threads`,
        )
      : 'no version info';
  return [
    `- Workload: ${st.corpus.files.length} files (${fmtBytes(st.corpus.bytes)}, subset ${mdCell(st.corpus.subset)}), chunks of ${st.chunkSize} with overlap ${st.chunkOverlap}, model ${mdCell(st.model.name)}, embed batch ${st.embedBatchSize}, upsert batch ${st.upsertBatchSize}, ${st.threads} threads, mode ${st.mode}`,
    `- Iterations: ${s.iterationsPlanned.warmup} warmup + ${s.iterationsPlanned.measured} measured per pipeline, interleaved`,
    `- Store: ${mdCell(s.store.name)} ${mdCell(s.store.version)} (${s.store.kind}, ${mdCell(s.store.url)})`,
    `- Machine: ${mdCell(s.environment.cpuModel)}, ${s.environment.cpuCount} CPUs, ${fmtBytes(s.environment.memoryBytes)}, ${mdCell(s.environment.os)}, Node ${mdCell(s.environment.node)}, commit ${mdCell(s.environment.gitCommit ?? 'unknown')}`,
    ...s.summaries.map((p) => `- ${mdCell(p.pipelineName)}: ${info(p)}`),
  ];
}

export function renderMarkdown(input: ReportInput): string {
  const { summary: s, gate } = input;
  const out: string[] = [`# Bench run ${mdCell(s.runId)}`, ''];
  if (s.status !== 'complete') out.push(`> **This run is ${s.status}**: the figures cover the iterations that finished.`, '');
  if (s.claims) out.push(...claimsMarkdownLines(s.claims, s.claimsRun));
  if (s.roofline) out.push(...rooflineMarkdownLines(s, s.roofline));
  if (s.tokenize) out.push(...tokenizeMarkdownLines(s, s.tokenize));
  if (s.query) out.push(...queryMarkdownLines(s, s.query));
  if (s.memory) out.push(...memoryMarkdownLines(s, s.memory));
  if (s.threads) out.push(...threadsMarkdownLines(s.threads));
  out.push(...headlines(s).map((h) => `**${mdCell(h)}**  `), '');
  // a tokenize or query run has no index runs to tabulate: its section above is the whole story
  if (s.workload !== 'tokenize' && s.workload !== 'query' && s.workload !== 'memory')
    out.push(
      '## Pipelines',
      '',
      `Times are ${runsBehind(s)}; the first run (the first process of each pipeline) is reported apart.`,
      '',
      ...tableToMarkdown(pipelinesTable(s)),
      '',
    );
  if (s.matrix) out.push(...matrixSection(s.matrix));
  if (s.ratios.length)
    out.push(
      '## Ratios against the reference pipeline',
      '',
      '> 1x means the candidate is better. Primary metrics are claims (Bonferroni-corrected); the others are diagnostics.',
      '',
      ...tableToMarkdown(ratioTable(s)),
      '',
    );
  if (s.overhead) out.push(...sectionToMarkdown(overheadSectionOf(s, s.overhead)));
  if (s.scale) out.push(...scaleMarkdownLines(s, s.scale));
  if (s.costs) {
    const crossovers = crossoverLines(s).map((l) => `- ${mdCell(l)}`);
    out.push('## Fixed cost and per-chunk cost', '', ...tableToMarkdown(costTable(s)), '', ...(crossovers.length ? [...crossovers, ''] : []));
  }
  out.push('## Did they do the same work?', '', ...equivalence(s), '');
  if (s.iterations.some((it) => it.status === 'failed')) out.push('## Failed iterations', '', ...tableToMarkdown(failuresTable(s)), '');
  if (gate) out.push('## The regression gate against the baseline run', '', renderGateMarkdown(gate));
  out.push('## Settings and environment', '', ...settings(s), '');
  return out.join('\n');
}

export const markdownRenderer: Renderer = { file: 'report.md', render: renderMarkdown };
