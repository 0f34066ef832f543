/**
 * The scale workload's section: end to end per size and pipeline, the fitted fixed + per-chunk
 * cost, where the ranking changes (fitted and measured), and claim 1 per size, as
 * analysis/scale.ts decided it. Rendering only; the same tables and sentences go to the
 * terminal, report.md and report.html, the figures to the scale CSVs.
 */
import { formatValue } from '../metrics.js';
import type { BootstrapEstimate, RunSummary, ScaleAnalysis, ScaleClaim, ScaleCrossover } from '../types.js';
import { methodWords } from './overhead.js';
import { mdCell } from './markdown-escape.js';
import { cell, type Table, type Tone, tableToMarkdown, tableToTerminal } from './table.js';
import { CLAIM_TONE, intervalLabel, nameOf } from './text.js';

const ms = (x: number | null) => formatValue(x ?? Number.NaN, 'ms');
const chunks = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x).toLocaleString('en')} chunk${Math.round(x) === 1 ? '' : 's'}`);
/** A bootstrap spread: "low-high (bootstrap)", never a confidence level. */
const spread = (e: BootstrapEstimate, fmt: (x: number) => string) => `${fmt(e.low)} to ${fmt(e.high)}, bootstrap spread`;

export function scaleSizesTable(run: RunSummary, s: ScaleAnalysis): Table {
  const ids = s.fits.length ? s.fits.map((f) => f.pipelineId) : (s.sizes[0]?.pipelines.map((p) => p.pipelineId) ?? []);
  return {
    id: 'scale-sizes',
    columns: [
      { label: 'size', compact: true },
      { label: 'corpus' },
      { label: 'chunks', compact: true },
      ...ids.map((id) => ({ label: `${nameOf(run, id)} (median end to end)`, compact: true, noteInTerminal: false })),
      { label: 'fastest first', compact: true },
    ],
    rows: s.sizes.map((size) => [
      cell(size.label),
      cell(`${size.files} files, ${size.bytes.toLocaleString('en')} bytes`, { note: `results in ${size.runDir}` }),
      cell(chunks(size.chunks)),
      ...ids.map((id) => {
        const p = size.pipelines.find((x) => x.pipelineId === id);
        if (!p?.wallMs) return cell('n/a');
        return cell(ms(p.wallMs.value), { note: `${ms(p.wallMs.ciLow)}-${ms(p.wallMs.ciHigh)}, ${intervalLabel(p.wallMs, p.runs)}, ${p.runs} runs` });
      }),
      cell(size.ranking.map((id) => nameOf(run, id)).join(' < ') || 'n/a', { tone: size.verified === false ? 'bad' : undefined }),
    ]),
  };
}

export function scaleFitTable(run: RunSummary, s: ScaleAnalysis): Table {
  const perChunk = (x: number) => (Number.isFinite(x) ? `${x.toPrecision(3)} ms` : 'n/a');
  return {
    id: 'scale-fit',
    columns: [
      { label: 'pipeline', compact: true },
      { label: 'runs (sizes)' },
      { label: 'fixed cost', compact: true, noteInTerminal: true },
      { label: 'per chunk', compact: true, noteInTerminal: true },
      { label: 'rms residual' },
    ],
    rows: s.fits.map((f) => [
      cell(nameOf(run, f.pipelineId)),
      cell(`${f.runs} (${f.sizes})`),
      cell(ms(f.fixedMs.value), { note: spread(f.fixedMs, ms) }),
      cell(perChunk(f.perChunkMs.value), { note: spread(f.perChunkMs, perChunk) }),
      cell(ms(f.rmsResidualMs)),
    ]),
  };
}

function crossoverSentence(run: RunSummary, c: ScaleCrossover): string {
  const [below, beyond] = [nameOf(run, c.fasterBelow), nameOf(run, c.fasterBeyond)];
  const share = `the lines cross at a positive size in ${(c.shareOfResamples * 100).toFixed(0)}% of the refits`;
  if (c.chunks === null)
    return `${nameOf(run, c.a)} and ${nameOf(run, c.b)}: the fitted lines do not cross at a positive size, ${below} is faster at every size (${share}).`;
  const where = c.withinMeasured ? 'within the measured sizes' : 'outside the measured sizes (an extrapolation)';
  const range = Number.isFinite(c.low) ? `; ${chunks(c.low)} to ${chunks(c.high)} over those refits` : '';
  return `${below} is faster below about ${chunks(c.chunks)}, ${beyond} beyond it, ${where} (${share}${range}).`;
}

/** Where the ranking changes: the fitted crossings, then the measured order between consecutive sizes. */
export function scaleCrossoverLines(run: RunSummary, s: ScaleAnalysis): string[] {
  const fitted = s.crossovers.map((c) => crossoverSentence(run, c));
  const names = (ids: string[]) => ids.map((id) => nameOf(run, id)).join(' < ');
  const measured = s.rankingChanges.length
    ? s.rankingChanges.map(
        (r) => `Measured: the order changes between ${r.from} and ${r.to}: ${names(r.before)} becomes ${names(r.after)} (medians, fastest first).`,
      )
    : [s.sizes.length > 1 ? 'Measured: the order of the medians is the same at every size.' : 'Measured: one size only, no change of order to see.'];
  return [...fitted, ...measured];
}

function claimSentence(run: RunSummary, c: ScaleClaim, s: ScaleAnalysis): string {
  const [rust, python] = [nameOf(run, c.rustId), nameOf(run, c.pythonId)];
  const head = `Claim 1 at ${c.size} (${chunks(c.chunks)}), ${rust} vs ${python}: ${c.verdict}.`;
  const e = c.speedup;
  if (!e || !Number.isFinite(e.value)) return `${head} Not measured at this size (${c.runs[0]} + ${c.runs[1]} successful runs).`;
  const x = (v: number) => `${v.toFixed(2)}x`;
  return (
    `${head} ${rust} is ${x(e.value)} as fast as ${python} (${x(e.ciLow)}-${x(e.ciHigh)}; ${c.runs[0]} + ${c.runs[1]} runs, ${methodWords(e)}; ` +
    `p = ${c.pValue.toPrecision(2)}, alpha ${s.alpha.toPrecision(2)}); about 1.5x is ${x(s.band[0])}-${x(s.band[1])}.`
  );
}

/** One sentence per size and Rust-Python pair, with its tone; or why there is none. */
export function scaleClaimLines(run: RunSummary, s: ScaleAnalysis): Array<{ text: string; tone: Tone }> {
  if (s.claims.length === 0)
    return [{ text: 'Claim 1 needs a pipeline declared with language "Rust" and one with language "Python": none in this run.', tone: 'warn' }];
  return s.claims.map((c) => ({ text: claimSentence(run, c, s), tone: CLAIM_TONE[c.verdict] }));
}

/** What the section measures and how it decides, in words. */
export function scaleExplanation(s: ScaleAnalysis): string[] {
  return [
    `The index job ran at ${s.sizes.length} corpus sizes, smallest first, each a whole run of its own (its own interleaved, shuffled plan and equivalence proof): ` +
      `${s.runsPerSize} measured runs per pipeline at each size (fewer than the index job's 6, because the fit uses every size together) and ${s.warmupFirstSize} warmup at the first size only. ` +
      "The figures above this section are the largest size's.",
    s.fitMethod,
    `Medians carry the order-statistic interval of the median with its exact coverage. Claim intervals are at 1 - ${s.alpha.toPrecision(2)} (0.05 over the ${s.tests} size x pair verdicts, Bonferroni). ${s.rule}`,
  ];
}

/** The section in report.md. */
export function scaleMarkdownLines(run: RunSummary, s: ScaleAnalysis): string[] {
  return [
    '## End to end as the corpus grows (claim 1 per size)',
    '',
    ...scaleClaimLines(run, s).map((l) => `- **${mdCell(l.text)}**`),
    '',
    ...tableToMarkdown(scaleSizesTable(run, s)),
    '',
    '### Fixed cost and per-chunk cost, fitted over every size',
    '',
    ...tableToMarkdown(scaleFitTable(run, s)),
    '',
    '### Where the ranking changes',
    '',
    ...scaleCrossoverLines(run, s).map((l) => `- ${mdCell(l)}`),
    '',
    ...scaleExplanation(s).flatMap((l) => [mdCell(l), '']),
  ];
}

/** The section at the end of a run in the terminal, line by line: the compact tables and the sentences. */
export function scaleTerminalLines(run: RunSummary, s: ScaleAnalysis): string[] {
  const lines = [
    '',
    "End to end per corpus size (medians; the tables above are the largest size's):",
    tableToTerminal(scaleSizesTable(run, s)),
    '',
    'Fixed + per-chunk cost, least squares over every run of every size (bootstrap spread, no exact coverage):',
    tableToTerminal(scaleFitTable(run, s)),
    '',
    ...scaleCrossoverLines(run, s),
    '',
    ...scaleClaimLines(run, s).map((l) => l.text),
  ];
  return lines.flatMap((l) => l.split('\n'));
}
