/** The compact table printed at the end of a run, with the report's path. */
import { formatValue } from '../metrics.js';
import type { RunSummary } from '../types.js';
import { describeRatio, fmtBytes, headlines } from './text.js';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

/** Control characters in untrusted names would drive the terminal; show them as '?'. */
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

export function renderTerminalSummary(summary: RunSummary, reportPath?: string): string {
  const rows = [['pipeline', 'end to end', '95% CI', 'vs reference', 'embed/s', 'peak RSS', 'runs', 'verified']];
  for (const p of summary.summaries) {
    const w = p.metrics.wall;
    const r = summary.ratios.find((x) => x.candidateId === p.pipelineId && x.metric === 'wall');
    rows.push([
      clean(p.pipelineName),
      w ? formatValue(w.median, 'ms') : 'n/a',
      w ? `${formatValue(w.ci.ciLow, 'ms')}–${formatValue(w.ci.ciHigh, 'ms')}` : '',
      r ? `${describeRatio(r).replace(/ \[.*/, '')}${r.significant ? '' : ' (n.s.)'}` : p.reference ? 'reference' : 'n/a',
      formatValue(p.metrics['throughput:embed']?.median ?? Number.NaN, 'chunks/s'),
      fmtBytes(p.metrics.peak_rss?.median ?? Number.NaN),
      `${p.measured} ok${p.failed ? `, ${p.failed} FAILED` : ''}`,
      p.verified ? 'yes' : 'NO',
    ]);
  }
  const lines = [table(rows), '', ...headlines(summary).map(clean)];
  const failed = summary.iterations.filter((it) => it.status === 'failed');
  if (failed.length) lines.push('', `${failed.length} failed iteration(s):`, ...failed.slice(0, 10).map((it) => `  ${clean(it.pipelineName)} #${it.index}: ${it.failure?.kind ?? 'unknown'}: ${clean(it.failure?.message ?? 'unknown')}`));
  if (reportPath) lines.push('', `Report: ${reportPath}`);
  return lines.join('\n') + '\n';
}
