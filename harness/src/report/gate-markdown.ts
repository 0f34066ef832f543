/** The gate's verdict as a Markdown table (the CI job summary) and as plain JSON; the noise measurement as Markdown. */
import type { GateReport, NoiseReport } from '../gate-types.js';
import { mdCell } from './markdown-escape.js';
import { tableToMarkdown } from './table.js';
import { noiseTable, verdictTable } from './tables.js';

export function renderGateMarkdown(report: GateReport): string {
  const lines = [
    `### Regression gate: ${mdCell(report.headline)}`,
    '',
    `Candidate \`${mdCell(report.candidateRunId)}\` vs baseline \`${mdCell(report.baselineRunId)}\` (${report.mode === 'same-machine' ? 'interleaved in one run on the same machine' : 'baseline from a saved run'}). ` +
      `Ratio = candidate / baseline (Hodges-Lehmann estimate) with its exact rank interval at 1 - alpha; a change counts when it is significant (the interval excludes 1 and the exact rank test gives p < alpha, alpha = 0.05 / ${report.family.comparisons}: Bonferroni over pipelines x primary metrics) **and** beyond the threshold.`,
    '',
    ...tableToMarkdown(verdictTable('verdicts', report.verdicts)),
  ];
  if (report.diagnostics.length) {
    lines.push(
      '',
      '<details><summary>Stages (diagnostics, not gated)</summary>',
      '',
      ...tableToMarkdown(verdictTable('diagnostics', report.diagnostics)),
      '',
      '</details>',
    );
  }
  if (report.problems.length) lines.push('', '**Problems:**', ...report.problems.map((p) => `- ${mdCell(p.message)}`));
  if (report.notes.length) lines.push('', 'Notes:', ...report.notes.map((p) => `- ${mdCell(p)}`));
  return lines.join('\n') + '\n';
}

/** JSON.stringify with NaN/Infinity as null, as JSON requires. */
export function renderGateJson(report: GateReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export function renderNoiseMarkdown(report: NoiseReport, pairs: number): string {
  const lines = [
    `### Run-to-run noise of this machine (${pairs} A/A comparison${pairs === 1 ? '' : 's'})`,
    '',
    `Suggested threshold = max(${report.floor * 100}%, ${report.margin} × the largest A/A change), rounded up to 1%.`,
    '',
    ...tableToMarkdown(noiseTable(report)),
    '',
    report.iterations === null
      ? `A ${(report.mustDetect * 100).toFixed(0)}% worsening needs more than 40 runs per side on some metric: this machine is too noisy for the gate at that size (runs per side simulated from these runs' own noise, 80% power).`
      : `Run the gate with \`--iterations ${report.iterations}\`: the runs per side at which every metric above shows a ${(report.mustDetect * 100).toFixed(0)}% worsening with 80% power (simulated from these runs' own noise).`,
    '',
    'Put this in bench.config.json:',
    '',
    '```json',
    JSON.stringify({ check: report.suggestedConfig }, null, 2),
    '```',
  ];
  return lines.join('\n') + '\n';
}
