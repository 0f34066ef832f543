/** The compact table printed at the end of a run, with the headline and the report's path. */
import type { RunSummary } from '../types.js';
import { clean, sectionToTerminal, tableToTerminal } from './table.js';
import { answersTable, hasAnswers, matrixTable } from './matrix-tables.js';
import { overheadSectionOf } from './overhead.js';
import { scaleTerminalLines } from './scale.js';
import { memoryTerminalLines } from './memory.js';
import { queryTerminalLines } from './query.js';
import { threadsTerminalLines } from './threads.js';
import { tokenizeTerminalLines } from './tokenize.js';
import { pipelinesTable } from './tables.js';
import { headlines } from './text.js';

export function renderTerminalSummary(summary: RunSummary, reportPath?: string): string {
  // a tokenize run has no index runs: its own section is the whole summary
  if (summary.workload === 'tokenize' && summary.tokenize) {
    return [...tokenizeTerminalLines(summary, summary.tokenize), ...(reportPath ? ['', `Report: ${reportPath}`] : [])].join('\n') + '\n';
  }
  if (summary.workload === 'memory' && summary.memory) {
    return [...memoryTerminalLines(summary, summary.memory), ...(reportPath ? ['', `Report: ${reportPath}`] : [])].join('\n') + '\n';
  }
  if (summary.workload === 'query' && summary.query) {
    return [...queryTerminalLines(summary, summary.query), ...(reportPath ? ['', `Report: ${reportPath}`] : [])].join('\n') + '\n';
  }
  const lines = [tableToTerminal(pipelinesTable(summary)), '', ...headlines(summary).map(clean)];
  if (hasAnswers(summary)) {
    lines.push('', 'Language x engine (embed tokens/s · end to end, medians):', tableToTerminal(matrixTable(summary.matrix)));
    lines.push('', 'What the language and the engine cost (x faster: the first-named takes less time):', tableToTerminal(answersTable(summary.matrix)));
  }
  if (summary.overhead) lines.push(...sectionToTerminal(overheadSectionOf(summary, summary.overhead)));
  if (summary.scale) lines.push(...scaleTerminalLines(summary, summary.scale).map(clean));
  if (summary.threads) lines.push(...threadsTerminalLines(summary.threads));
  const failed = summary.iterations.filter((it) => it.status === 'failed');
  if (failed.length) {
    lines.push(
      '',
      `${failed.length} failed iteration(s):`,
      ...failed
        .slice(0, 10)
        .map((it) => `  ${clean(it.pipelineName)} #${it.index}: ${it.failure?.kind ?? 'unknown'}: ${clean(it.failure?.message ?? 'unknown')}`),
    );
  }
  if (reportPath) lines.push('', `Report: ${reportPath}`);
  return lines.join('\n') + '\n';
}
