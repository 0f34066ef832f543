/**
 * Every table of the reports, built once from what analysis produced (table.ts renders them).
 * The pipelines table is the same in the terminal, report.md and report.html; the terminal
 * shows its compact columns.
 */
import type { MetricVerdict, NoiseReport } from '../gate-types.js';
import { formatValue, metricInfo } from '../metrics.js';
import type { PipelineSummary, RatioResult, RunSummary } from '../types.js';
import { cell, type Cell, type Table, type Tone } from './table.js';
import { describeRatio, fmtBytes, intervalLabel, nameOf, ratioWords } from './text.js';

const ms = (x: number) => formatValue(x, 'ms');
const pct = (x: number) => `${Math.round(x * 100)}%`;
const toneOf = (r: RatioResult): Tone => (!r.significant ? 'neutral' : r.factor.value >= 1 ? 'good' : 'bad');

/** "not significant" / "range of all runs: too few runs" / "diagnostic": why a ratio is not a claim. */
function ratioNote(r: RatioResult): string {
  const parts = [
    describeRatio(r)
      .replace(/^[^[]*\[/, '')
      .replace(/\]$/, ''),
  ];
  if (r.factor.method === 'range') parts.push('too few runs for a claim');
  else if (!r.significant) parts.push('not significant');
  if (r.role === 'diagnostic') parts.push('diagnostic');
  return parts.join(' · ');
}

function versusReference(run: RunSummary, p: PipelineSummary): Cell {
  if (p.reference) return cell('reference');
  const r = run.ratios.find((x) => x.candidateId === p.pipelineId && x.metric === 'wall');
  return r ? cell(ratioWords(r), { note: ratioNote(r), tone: toneOf(r) }) : cell('n/a');
}

function pipelineRow(run: RunSummary, p: PipelineSummary, storeUse: boolean): Cell[] {
  const w = p.metrics.wall;
  const verification = p.verificationProblems.map((v) => v.message).join('; ');
  return [
    cell(p.pipelineName, { note: p.reference ? 'reference pipeline' : undefined }),
    cell(`${p.measured} ok${p.failed ? `, ${p.failed} FAILED` : ''}`, { tone: p.failed ? 'bad' : 'neutral' }),
    w ? cell(ms(w.median), { note: `${intervalLabel(w.ci, w.n)} ${ms(w.ci.ciLow)}–${ms(w.ci.ciHigh)}` }) : cell('n/a'),
    versusReference(run, p),
    cell(formatValue(p.metrics['throughput:embed']?.median ?? Number.NaN, 'chunks/s')),
    cell(fmtBytes(p.metrics.peak_rss?.median ?? Number.NaN)),
    cell(ms(p.resources.cpuMs)),
    ...(storeUse
      ? [
          cell(fmtBytes(p.resources.storePeakRssBytes ?? Number.NaN), {
            note: `grew ${fmtBytes(p.resources.storeRssGrowthBytes ?? Number.NaN)}; CPU ${ms(p.resources.storeCpuMs ?? Number.NaN)}`,
          }),
        ]
      : []),
    cell(p.first && p.first.status === 'ok' ? ms(p.first.wallMs) : 'n/a'),
    p.verified ? cell('yes', { tone: 'good' }) : cell('NO', { note: verification, tone: 'bad' }),
  ];
}

export function pipelinesTable(run: RunSummary): Table {
  const storeUse = run.summaries.some((p) => p.resources.storePeakRssBytes !== null);
  return {
    id: 'pipelines',
    columns: [
      { label: 'pipeline' },
      { label: 'runs', compact: true },
      { label: 'end to end (median)', compact: true, noteInTerminal: true },
      { label: 'vs reference', compact: true },
      { label: 'embed throughput', compact: true },
      { label: 'peak RSS', compact: true },
      { label: 'CPU time (user + system)' },
      ...(storeUse ? [{ label: `${run.store.name} during each run (peak RSS, its growth, CPU used)` }] : []),
      { label: 'first run' },
      { label: 'verified', compact: true },
    ],
    rows: run.summaries.map((p) => pipelineRow(run, p, storeUse)),
  };
}

/** A matrix: one row per metric (primary first), one column per candidate, so it stays short with many pipelines. */
export function ratioTable(run: RunSummary): Table {
  const candidates = [...new Set(run.ratios.map((r) => r.candidateId))];
  const metrics = [...new Set(run.ratios.map((r) => r.metric))].sort((a, b) => Number(metricInfo(b).primary) - Number(metricInfo(a).primary));
  const reference = run.ratios[0] ? nameOf(run, run.ratios[0].referenceId) : '';
  const at = (id: string, metric: string): Cell => {
    const r = run.ratios.find((x) => x.candidateId === id && x.metric === metric);
    return r ? cell(ratioWords(r), { note: ratioNote(r), tone: toneOf(r) }) : cell('n/a');
  };
  return {
    id: 'ratio-table',
    columns: [{ label: 'metric' }, ...candidates.map((id) => ({ label: `${nameOf(run, id)} vs ${reference}` }))],
    rows: metrics.map((m) => [cell(metricInfo(m).label, { note: metricInfo(m).primary ? 'primary' : 'diagnostic' }), ...candidates.map((id) => at(id, m))]),
  };
}

export function costTable(run: RunSummary): Table {
  const rows = (run.costs?.pipelines ?? []).map((c) => [
    cell(nameOf(run, c.pipelineId)),
    cell(ms(c.fixedMs), { note: `${(c.fixedShare * 100).toFixed(0)}% of end to end`, tone: c.fixedDominates ? 'warn' : 'neutral' }),
    cell(`${c.perChunkMs.toFixed(2)} ms`),
    cell(String(Math.round(c.chunks))),
  ]);
  return {
    id: 'costs',
    columns: [{ label: 'pipeline' }, { label: 'fixed cost (start-up + model load)' }, { label: 'per chunk (the rest / chunks)' }, { label: 'chunks' }],
    rows,
  };
}

export function failuresTable(run: RunSummary): Table {
  const failed = run.iterations.filter((it) => it.status === 'failed');
  return {
    id: 'failures',
    columns: [{ label: 'pipeline' }, { label: 'run #' }, { label: 'iteration' }, { label: 'exit code' }, { label: 'failure' }, { label: 'reason' }],
    rows: failed.map((it) => [
      cell(it.pipelineName),
      cell(String(it.index)),
      cell(it.kind),
      cell(it.exitCode === null ? '–' : String(it.exitCode)),
      cell(it.failure?.kind ?? 'unknown', { tone: 'bad' }),
      cell(it.failure?.message ?? 'unknown', { tone: 'bad' }),
    ]),
  };
}

const VERDICT: Record<MetricVerdict['verdict'], { text: string; tone: Tone }> = {
  regression: { text: '🔴 regression', tone: 'bad' },
  improvement: { text: '🟢 improvement', tone: 'good' },
  unchanged: { text: '⚪ unchanged', tone: 'neutral' },
  inconclusive: { text: '🟡 inconclusive', tone: 'warn' },
  insufficient: { text: '⚫ too few samples', tone: 'warn' },
};

const fmtRatio = (r: MetricVerdict['ratio']) =>
  Number.isFinite(r.value) ? `${r.value.toFixed(3)}${Number.isFinite(r.ciLow) ? ` [${r.ciLow.toFixed(3)}–${r.ciHigh.toFixed(3)}]` : ''}` : 'n/a';

/** "≥ 11%; 20% needs 9 runs": what the run could detect with 80% power (the sentence is in the JSON's power.note). */
function powerText(p: NonNullable<MetricVerdict['power']>): string {
  const sees = p.detectable === null ? `> ${pct(p.maxEffect)}` : `>= ${pct(p.detectable)}`;
  const needs = p.runsForTarget === null ? `> ${p.maxRuns}` : String(p.runsForTarget);
  return `${sees}; ${pct(p.target)} needs ${needs} runs`;
}

export function verdictTable(id: string, verdicts: MetricVerdict[]): Table {
  const value = (x: { n: number; median: number }, unit: string) => `${formatValue(x.median, unit as never)} (n=${x.n})`;
  // gated verdicts carry their power; diagnostics do not, and get no empty column
  const withPower = verdicts.some((v) => v.power);
  return {
    id,
    columns: [
      { label: 'pipeline' },
      { label: 'metric' },
      { label: 'baseline' },
      { label: 'candidate' },
      { label: 'ratio [interval]' },
      { label: 'threshold' },
      ...(withPower ? [{ label: 'detects (80% power)' }] : []),
      { label: 'verdict' },
    ],
    rows: verdicts.map((v) => [
      cell(v.pipelineName),
      cell(`${v.label} (${v.better} is better)`),
      cell(value(v.baseline, v.unit)),
      cell(value(v.candidate, v.unit)),
      cell(fmtRatio(v.ratio), { note: v.ratio.level > 0 ? intervalLabel(v.ratio) : undefined }),
      cell(`±${(v.threshold * 100).toFixed(0)}%`),
      ...(withPower ? [cell(v.power ? powerText(v.power) : '-')] : []),
      cell(VERDICT[v.verdict].text, { note: v.note, tone: VERDICT[v.verdict].tone }),
    ]),
  };
}

export function noiseTable(noise: NoiseReport): Table {
  return {
    id: 'noise',
    columns: [
      { label: 'pipeline' },
      { label: 'metric' },
      { label: 'A/A pairs' },
      { label: 'largest A/A change' },
      { label: 'typical interval half-width' },
      { label: 'suggested threshold' },
      { label: `runs per side for ${(noise.mustDetect * 100).toFixed(0)}% (80% power)` },
    ],
    rows: noise.rows.map((r) => [
      cell(r.pipelineName),
      cell(r.label),
      cell(String(r.pairs)),
      cell(`${(r.maxChange * 100).toFixed(1)}%`),
      cell(`±${(r.ciHalfWidth * 100).toFixed(1)}%`),
      cell(`${(r.suggested * 100).toFixed(0)}%`),
      cell(r.runsForTarget === null ? `> ${r.maxRuns}` : String(r.runsForTarget)),
    ]),
  };
}
