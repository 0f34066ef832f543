/**
 * Claim 5's row of the claims table, from a memory run (analysis/memory.ts decides, by its stated
 * rule): per pipeline, the RSS slope after warm-up with its interval and the per-pass tail
 * (max / p50, from one process: no interval), each with its own verdict for the Rust pipelines.
 */
import type { ClaimFigure } from '../claims-types.js';
import type { MemoryPipelineResult, RunSummary } from '../types.js';
import type { ClaimMeasurement } from './claims-registry.js';

const nameOf = (run: RunSummary, id: string) => run.pipelines.find((p) => p.id === id)?.name ?? id;
const isRust = (run: RunSummary, id: string) => run.pipelines.find((p) => p.id === id)?.language === 'Rust';

function figures(run: RunSummary, r: MemoryPipelineResult): ClaimFigure[] {
  const rust = isRust(run, r.pipelineId);
  const out: ClaimFigure[] = [];
  if (r.rss) {
    const e = r.rss.slopeMiBPerMin;
    out.push({
      label: `${nameOf(run, r.pipelineId)}, RSS slope after warm-up (${(r.rss.startBytes / 2 ** 20).toFixed(0)} MiB at its start)`,
      unit: 'MiB/min',
      estimate: e,
      ...(rust
        ? { verdict: r.rss.trend === 'flat' ? ('holds' as const) : r.rss.trend === 'creeps' ? ('does not hold' as const) : ('inconclusive' as const) }
        : {}),
    });
  }
  if (r.latency) {
    const l = r.latency;
    out.push({
      label: `${nameOf(run, r.pipelineId)}, slowest pass / median pass (${l.unit}; p99/p50 ${l.p99OverP50.toFixed(2)}, ${l.passes} passes, one process)`,
      unit: 'ratio',
      estimate: { value: l.maxOverP50, ciLow: l.maxOverP50, ciHigh: l.maxOverP50, level: 0, method: 'order-statistic' },
      ...(rust ? { verdict: l.trend === 'steady' ? ('holds' as const) : ('does not hold' as const) } : {}),
    });
  }
  return out;
}

export function memoryClaim(run: RunSummary): ClaimMeasurement | null {
  const m = run.memory;
  if (!m) return null;
  const found = m.pipelines.flatMap((r) => figures(run, r));
  if (found.length === 0) return null;
  return {
    figures: found,
    verdict: m.verdict,
    rule: m.rule,
    note: `One process per pipeline indexing the corpus ${m.repeat} times over (${m.files} files, ${(m.bytes / 1e3).toFixed(0)} kB a copy), ${m.threads} threads, ${m.mode} mode; the first ${Math.round(m.warmupFraction * 100)}% of each process's passes are its warm-up. The pass tail is a single process's, with no interval; the machine's other load shows in it too.`,
  };
}
