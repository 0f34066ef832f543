/**
 * The claims table (issue 16): one row per claim of the article, from what a run measured.
 * Each claim's figures come from its workload's measure in the registry (claims-registry.ts);
 * a claim the run has no results for is "not measured in this run", with the command that would
 * measure it. Built once here; every report renders the same rows.
 */
import { WORKLOADS } from '../overhead-types.js';
import { CLAIM_NUMBERS, type ClaimNumber, type ClaimRow, type ClaimsTable } from '../claims-types.js';
import type { RunSummary } from '../types.js';
import { CLAIM_MEASURES, CLAIMS, type ClaimMeasure } from './claims-registry.js';

export const CLAIMS_COMMAND = 'npm run bench -- --claims';

const commandFor = (workload: string) => `npm run bench -- --workload ${workload}`;

function notMeasured(claim: ClaimNumber, workloads: string[]): Pick<ClaimRow, 'measured' | 'figures' | 'verdict' | 'rule' | 'note'> {
  const missing = workloads.filter((w) => !(WORKLOADS as readonly string[]).includes(w));
  return {
    measured: false,
    figures: [],
    verdict: 'not measured',
    rule: `This run has no results of the ${workloads.join(' or ')} workload.`,
    note:
      missing.length === 0
        ? null
        : missing.length === workloads.length
          ? `This version of the bench has no ${missing.map((w) => `--workload ${w}`).join(' or ')} yet (issue 16), so claim ${claim} cannot be measured here.`
          : `This version of the bench has no ${missing.map((w) => `--workload ${w}`).join(' or ')} yet (issue 16); ${workloads
              .filter((w) => !missing.includes(w))
              .map(commandFor)
              .join(' or ')} measures claim ${claim}.`,
  };
}

/** One claim's row: its measure's findings, or "not measured" when it has none or found nothing. */
export function claimRow(run: RunSummary, claim: ClaimNumber, measure: ClaimMeasure | undefined): ClaimRow {
  const spec = CLAIMS[claim];
  const found = measure?.(run) ?? null;
  const base = { claim, statement: spec.statement, workload: spec.workloads.join(', '), command: spec.workloads.map(commandFor).join('; ') };
  return found ? { ...base, measured: true, ...found } : { ...base, ...notMeasured(claim, spec.workloads) };
}

/** The table of a run, claims 1 to 5 in order. */
export function claimsTable(run: RunSummary, measures: Partial<Record<ClaimNumber, ClaimMeasure>> = CLAIM_MEASURES): ClaimsTable {
  const env = run.environment;
  return {
    rows: CLAIM_NUMBERS.map((n) => claimRow(run, n, measures[n])),
    machine: `${env.cpuModel}, ${env.cpuCount} CPU${env.cpuCount === 1 ? '' : 's'}`,
    threads: run.settings.threads,
    allCommand: CLAIMS_COMMAND,
  };
}

/** The run with its claims table, as every report is written from it. */
export const withClaims = (run: RunSummary): RunSummary => ({ ...run, claims: claimsTable(run) });
