/** The verdict as a Markdown table (the CI job summary) and as plain JSON. */
import { formatValue } from '../metrics.js';
import type { CheckReport } from './compare.js';

const ICON: Record<string, string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  unchanged: '⚪ unchanged',
  inconclusive: '🟡 inconclusive',
  insufficient: '⚫ too few samples',
};

/** Markdown-escapes untrusted text (pipeline names) for a table cell. */
export function mdCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

const fmtRatio = (r: CheckReport['verdicts'][number]['ratio']) =>
  Number.isFinite(r.value) ? `${r.value.toFixed(3)}${Number.isFinite(r.ciLow) ? ` [${r.ciLow.toFixed(3)}–${r.ciHigh.toFixed(3)}]` : ''}` : 'n/a';

export function renderCheckMarkdown(report: CheckReport): string {
  const lines = [
    `### Performance check: ${mdCell(report.headline)}`,
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
  if (report.problems.length) lines.push('', '**Problems:**', ...report.problems.map((p) => `- ${mdCell(p)}`));
  if (report.notes.length) lines.push('', 'Notes:', ...report.notes.map((p) => `- ${mdCell(p)}`));
  return lines.join('\n') + '\n';
}

/** JSON.stringify with NaN/Infinity as null, as JSON requires. */
export function renderCheckJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
