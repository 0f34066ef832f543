/** The soak's verdicts from its figures: one check per leak kind, the RSS slope, the run itself, and the store's memory target. Pure. */
import { LEAK_LABELS, type LeakDiff } from './leaks.js';
import { isFlat, type SlopeFit } from './slope.js';
import type { SoakCheck, StoreMemory } from './types.js';

export const kib = (bytes: number) => bytes / 1024;
export const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
export const signed = (x: number, digits = 1) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

export function slopeText(fit: SlopeFit | null): string {
  if (!fit) return 'too few iterations for a slope';
  return `${signed(fit.slopeKiB)} KiB/iteration [${signed(fit.ciLowKiB)}, ${signed(fit.ciHighKiB)}] (${fit.level * 100}%, n=${fit.n} after ${fit.skipped})`;
}

export function leakCheck(d: LeakDiff): SoakCheck {
  const shown = d.extra.slice(0, 5).join('; ');
  const more = d.extra.length > 5 ? ` (+${d.extra.length - 5} more)` : '';
  return {
    name: `leak:${d.kind}`,
    passed: d.extra.length === 0,
    detail: `${LEAK_LABELS[d.kind]}: ${d.before} before, ${d.after} after, ${d.extra.length} extra${d.extra.length ? `: ${shown}${more}` : ''}`,
    exitCheck: true,
  };
}

export function slopeCheck(fit: SlopeFit | null, boundKiB: number): SoakCheck {
  const passed = fit !== null && isFlat(fit, boundKiB);
  const why = fit === null ? '' : passed ? ' - flat within noise' : ` - grows: the interval is above 0 and reaches the bound ${boundKiB} KiB/iteration`;
  return { name: 'harness-rss-slope', passed, detail: `harness RSS after a full GC: ${slopeText(fit)}${why}`, exitCheck: true };
}

export function runCheck(iterationsRun: number, failed: number, runExitCode: number): SoakCheck {
  return {
    name: 'run',
    passed: runExitCode === 0,
    detail: `${iterationsRun} iterations, ${failed} failed; the bench run's exit code ${runExitCode}`,
    exitCheck: true,
  };
}

/** The store's end RSS within the target fraction of its start: a target, reported either way, not an exit check. */
export function storeCheck(store: StoreMemory): SoakCheck {
  const known = store.endVsStart !== null;
  const passed = known && Math.abs(store.endVsStart!) <= store.targetFraction;
  const change = known ? `${signed(store.endVsStart! * 100)}%` : 'unknown';
  return {
    name: 'store-rss-returns',
    passed,
    detail: `store RSS: start ${mib(store.startRssBytes)}, peak ${mib(store.peakRssBytes)}, end ${mib(store.endRssBytes)} (${change} vs start, target within ${store.targetFraction * 100}%)`,
    exitCheck: false,
  };
}

/** 0 when every exit check passed, else 1. */
export function exitCodeOf(checks: readonly SoakCheck[]): number {
  return checks.some((c) => c.exitCheck && !c.passed) ? 1 : 0;
}
