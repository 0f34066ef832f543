/**
 * The tables of a report over several runs (table.ts renders them): one column per run, named
 * by its machine (side by side) or its date and commit (a history). Absolute figures of
 * different CPUs are shown as measured; the factors are each run's own, against its own
 * reference pipeline, which is what can be compared across machines.
 */
import { formatValue, metricInfo } from '../metrics.js';
import type { RunsReport } from '../runs-types.js';
import type { CostComparison, CostPart, MetricId, RunSummary } from '../types.js';
import { PART_LABELS } from './matrix-tables.js';
import { cell, type Cell, type Table } from './table.js';
import { factorInterval, factorWords, fmtBytes, intervalLabel, ratioWords } from './text.js';

const shortCpu = (model: string) =>
  model
    .replace(/\((R|TM)\)/g, '')
    .replace(/ CPU| Processor|\s+@.*$/g, '')
    .trim();

/** A run's column heading: its machine (side by side) or its date and commit (a history), numbered. */
export function runLabel(report: RunsReport, run: RunSummary): string {
  const i = report.runs.indexOf(run) + 1;
  const e = run.environment;
  const when = `${run.startedAt.slice(0, 16).replace('T', ' ')}${e.gitCommit ? ` ${e.gitCommit.slice(0, 7)}` : ''}`;
  return report.kind === 'machines' ? `#${i} ${shortCpu(e.cpuModel)} ×${e.cpuCount} (${e.fingerprint.slice(0, 8)})` : `#${i} ${when}`;
}

const runColumns = (report: RunsReport) => report.runs.map((r) => ({ label: runLabel(report, r), compact: true }));

export function runsListTable(report: RunsReport): Table {
  return {
    id: 'runs',
    columns: [
      { label: 'run' },
      { label: 'started (UTC)' },
      { label: 'commit' },
      { label: 'machine' },
      { label: 'store' },
      { label: 'pipelines' },
      { label: 'status' },
    ],
    rows: report.runs.map((r) => [
      cell(runLabel(report, r), { note: r.runId }),
      cell(r.startedAt.replace('T', ' ').slice(0, 19)),
      cell(r.environment.gitCommit?.slice(0, 12) ?? 'unknown'),
      cell(`${r.environment.cpuModel} × ${r.environment.cpuCount}`, { note: `fingerprint ${r.environment.fingerprint}` }),
      cell(`${r.store.name} ${r.store.version} (${r.store.kind})`),
      cell(r.summaries.map((s) => `${s.pipelineId} (${s.measured})`).join(', '), { note: 'measured runs in brackets' }),
      cell(r.status, { tone: r.status === 'complete' ? 'neutral' : 'warn' }),
    ]),
  };
}

export function machinesTable(report: RunsReport): Table {
  return {
    id: 'machines',
    columns: [{ label: 'fingerprint' }, { label: 'CPU' }, { label: 'cores' }, { label: 'memory' }, { label: 'OS' }, { label: 'runs' }],
    rows: report.machines.map((m) => [
      cell(m.fingerprint),
      cell(m.cpuModel),
      cell(String(m.cpuCount)),
      cell(fmtBytes(m.memoryBytes)),
      cell(m.os),
      cell(String(m.runs)),
    ]),
  };
}

/** One metric's median per pipeline (rows) and run (columns), with its order-statistic interval. */
export function metricAcrossRuns(report: RunsReport, metric: MetricId): Table {
  const info = metricInfo(metric);
  const at = (run: RunSummary, id: string): Cell => {
    const s = run.summaries.find((x) => x.pipelineId === id)?.metrics[metric];
    if (!s) return cell(run.pipelines.some((p) => p.id === id) ? 'no successful run' : 'not in this run');
    const fmt = (x: number) => formatValue(x, info.unit);
    return cell(fmt(s.median), { note: `${intervalLabel(s.ci, s.n)} ${fmt(s.ci.ciLow)}–${fmt(s.ci.ciHigh)}` });
  };
  return {
    id: `across-${metric.replace(/[^a-z]+/g, '-')}`,
    columns: [{ label: 'pipeline' }, ...runColumns(report)],
    rows: report.pipelines.map((p) => [cell(p.name), ...report.runs.map((r) => at(r, p.id))]),
  };
}

/** Each run's end-to-end factor of every pipeline against that run's own reference pipeline. */
export function factorsAcrossRuns(report: RunsReport): Table {
  // the reference is named in each cell only when the runs do not share one
  const mixed = new Set(report.runs.map((r) => r.summaries.find((s) => s.reference)?.pipelineId)).size > 1;
  const at = (run: RunSummary, id: string): Cell => {
    if (run.summaries.find((s) => s.pipelineId === id)?.reference) return cell('reference');
    const r = run.ratios.find((x) => x.candidateId === id && x.metric === 'wall');
    if (!r) return cell('n/a');
    const note = [factorInterval(r.factor), ...(r.significant ? [] : ['not significant']), ...(mixed ? [`vs ${r.referenceId}`] : [])].join(' · ');
    return cell(ratioWords(r), { note, tone: r.significant ? (r.factor.value >= 1 ? 'good' : 'bad') : 'neutral' });
  };
  return {
    id: 'across-factors',
    columns: [{ label: 'pipeline' }, ...runColumns(report)],
    rows: report.pipelines.map((p) => [cell(p.name), ...report.runs.map((r) => at(r, p.id))]),
  };
}

const comparisonKey = (c: CostComparison) => `${c.question}|${c.candidateId}|${c.anchorId}`;

/** The matrix's derived answers of each run, a row per comparison and part. */
const familyOf = (run: RunSummary) => run.matrix && `${run.matrix.family.tests} tests, alpha ${run.matrix.family.alpha.toFixed(4)}`;

/** How the runs' answers were tested: one sentence when every run had the same family, else each cell names its own. */
export function answersFamilyNote(report: RunsReport): string {
  const families = new Set(report.runs.map(familyOf).filter(Boolean));
  const shared = families.size === 1 ? ` (${[...families][0]}, Bonferroni)` : ' (its alpha in each cell, Bonferroni)';
  return `Each run's answers are that run's own family${shared}; "x faster": the first-named takes less time.`;
}

export function answersAcrossRuns(report: RunsReport): Table | null {
  const all = report.runs.flatMap((r) => r.matrix?.comparisons ?? []);
  const keys = [...new Map(all.map((c) => [comparisonKey(c), c])).values()];
  if (keys.length === 0) return null;
  const mixed = new Set(report.runs.map(familyOf).filter(Boolean)).size > 1;
  const at = (run: RunSummary, key: string, part: CostPart): Cell => {
    const p = run.matrix?.comparisons.find((c) => comparisonKey(c) === key)?.parts[part];
    if (!p) return cell('n/a');
    const note = [
      factorInterval(p.factor),
      ...(p.significant ? [] : ['not significant']),
      ...(mixed ? [`alpha ${run.matrix!.family.alpha.toFixed(4)}`] : []),
    ].join(' · ');
    return cell(factorWords(p.factor.value, 'time'), { note, tone: p.significant ? (p.factor.value >= 1 ? 'good' : 'bad') : 'neutral' });
  };
  const parts: CostPart[] = ['wall', 'non-inference', 'embed'];
  return {
    id: 'across-answers',
    columns: [{ label: 'comparison' }, { label: 'part' }, ...runColumns(report)],
    rows: keys.flatMap((c) =>
      parts.map((part) => [
        cell(`${c.candidateSide} vs ${c.anchorSide}, ${c.question === 'language' ? 'on' : 'in'} ${c.shared}`, { note: `${c.candidateId} vs ${c.anchorId}` }),
        cell(PART_LABELS[part]),
        ...report.runs.map((r) => at(r, comparisonKey(c), part)),
      ]),
    ),
  };
}

/** What the columns are and how to read them. */
export function runsIntro(report: RunsReport): string[] {
  const s = report.settings;
  const what =
    report.kind === 'machines'
      ? `${report.runs.length} runs of one workload on ${report.machines.length} kinds of machine, side by side (a column per run, named by its CPU, cores and machine fingerprint).`
      : `The history of one machine: ${report.runs.length} runs of one workload, oldest first (a column per run, named by its start and commit).`;
  return [
    what,
    `Workload: ${s.corpus.files.length} files (${fmtBytes(s.corpus.bytes)}, subset ${s.corpus.subset}), chunks of ${s.chunkSize} with overlap ${s.chunkOverlap}, model ${s.model.name}, embed batch ${s.embedBatchSize}, upsert batch ${s.upsertBatchSize}, ${s.threads} threads, mode ${s.mode}.`,
    "Medians of each run's successful measured runs, with their distribution-free intervals (exact coverage shown). Times of different CPUs differ by the machine: compare the factors, each computed within one run against its own reference pipeline.",
  ];
}
