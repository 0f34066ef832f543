/** The soak's table, built once (report/table.ts) and shown in the terminal and as Markdown (soak.md, the README). */
import { cell, type Table, tableToMarkdown, tableToTerminal } from '../report/table.js';
import { mib, signed, slopeText } from './checks.js';
import type { SoakReport } from './types.js';

function figureRows(r: SoakReport) {
  const s = r.store;
  const change = s.endVsStart === null ? 'n/a' : `${signed(s.endVsStart * 100)}% vs start`;
  const first = s.afterFirstRssBytes;
  const afterFirst = first && s.endRssBytes !== null ? `${signed(((s.endRssBytes - first) / first) * 100)}%` : 'n/a';
  return [
    [
      'iterations',
      `${r.iterationsRun} (${r.pipelines.join(', ')}: ${r.warmupPerPipeline} warmup + ${r.iterationsPerPipeline} each), ${r.failedIterations} failed`,
      '',
    ],
    ['harness RSS slope', slopeText(r.harness.rss), `bound ${r.harness.boundKiB} KiB/iteration; OLS, Newey-West interval`],
    ['harness V8 heap slope', slopeText(r.harness.heapUsed), 'after a full GC; diagnostic'],
    ['harness V8 heap committed slope', slopeText(r.harness.heapCommitted), 'pages V8 holds for its heap (total_physical_size); diagnostic'],
    ['harness RSS outside the V8 heap slope', slopeText(r.harness.outsideHeap), 'RSS minus those pages; diagnostic'],
    [
      'result per iteration',
      `${(r.harness.resultJsonBytesPerIteration / 1024).toFixed(1)} KiB (JSON)`,
      'in iterations.jsonl; read back after the plan, not held',
    ],
    [
      'store RSS start / peak / end',
      `${mib(s.startRssBytes)} / ${mib(s.peakRssBytes)} / ${mib(s.endRssBytes)}`,
      `end ${s.settleMs} ms after the last drop; ${change}`,
    ],
    ['store RSS after iteration 1', mib(first), `end ${afterFirst} vs this: the growth after the first collection`],
    [
      'store RSS anonymous / file-backed, start -> end',
      `${mib(s.startAnonBytes)} -> ${mib(s.endAnonBytes)} / ${mib(s.startFileBytes)} -> ${mib(s.endFileBytes)}`,
      "anonymous: what the store allocated; file-backed: mostly its binary's code pages, paged in on first use",
    ],
    ['store RSS slope', slopeText(s.rss), 'diagnostic'],
  ];
}

export function soakTable(r: SoakReport): Table {
  const checks = r.checks.map((c) => [
    c.name,
    c.passed ? 'pass' : c.exitCheck ? 'FAIL' : 'missed (target, not an exit check)',
    c.detail.replace(/^[^:]*: /, ''),
  ]);
  return {
    id: 'soak',
    columns: [
      { label: 'what', compact: true },
      { label: 'figure', compact: true },
      { label: 'note', compact: true },
    ],
    rows: [...figureRows(r), ...checks].map((row) => row.map((t) => cell(t))),
  };
}

export const soakTerminal = (r: SoakReport) => tableToTerminal(soakTable(r));
export const soakMarkdown = (r: SoakReport) => tableToMarkdown(soakTable(r)).join('\n');
