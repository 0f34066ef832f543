/** The gate's verdict as a Markdown table (the CI job summary) and as plain JSON; the noise measurement as Markdown. */
import type { GateReport, NoiseReport } from '../gate-types.js';
import { formatValue } from '../metrics.js';
import { mdCell } from './markdown-escape.js';

const ICON: Record<string, string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  unchanged: '⚪ unchanged',
  inconclusive: '🟡 inconclusive',
  insufficient: '⚫ too few samples',
};

const fmtRatio = (r: GateReport['verdicts'][number]['ratio']) =>
  Number.isFinite(r.value) ? `${r.value.toFixed(3)}${Number.isFinite(r.ciLow) ? ` [${r.ciLow.toFixed(3)}–${r.ciHigh.toFixed(3)}]` : ''}` : 'n/a';

export function renderGateMarkdown(report: GateReport): string {
  const lines = [
    `### Regression gate: ${mdCell(report.headline)}`,
    '',
    `Candidate \`${mdCell(report.candidateRunId)}\` vs baseline \`${mdCell(report.baselineRunId)}\` (${report.mode === 'same-machine' ? 'interleaved in one run on the same machine' : 'baseline from a saved run'}). ` +
      'Ratio = new / baseline of the medians with its 95% bootstrap CI; a change counts when it is significant (the CI excludes 1 and a Mann-Whitney rank test gives p < 0.05) **and** beyond the threshold.',
    '',
    '| pipeline | metric | baseline | candidate | ratio [95% CI] | threshold | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const v of report.verdicts) {
    lines.push(
      `| ${mdCell(v.pipelineName)} | ${mdCell(v.label)} (${v.better} is better) | ${formatValue(v.baseline.median, v.unit as never)} (n=${v.baseline.n}) | ${formatValue(v.candidate.median, v.unit as never)} (n=${v.candidate.n}) | ${fmtRatio(v.ratio)} | ±${(v.threshold * 100).toFixed(0)}% | ${ICON[v.verdict]}: ${mdCell(v.note)} |`,
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
    '| pipeline | metric | A/A pairs | largest A/A change | typical CI half-width | suggested threshold |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.rows.map(
      (r) => `| ${mdCell(r.pipelineName)} | ${r.label} | ${r.pairs} | ${(r.maxChange * 100).toFixed(1)}% | ±${(r.ciHalfWidth * 100).toFixed(1)}% | ${(r.suggested * 100).toFixed(0)}% |`,
    ),
    '',
    'Put this in bench.config.json:',
    '',
    '```json',
    JSON.stringify({ check: report.suggestedConfig }, null, 2),
    '```',
  ];
  return lines.join('\n') + '\n';
}
