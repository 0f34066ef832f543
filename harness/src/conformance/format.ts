/** The kit's readable list: one line per case, then a summary. */
import type { CaseResult } from './run.js';
import type { ConformanceCase } from './table.js';

const ID_WIDTH = 26;

export function caseLine(result: CaseResult): string {
  const verdict = result.outcome.kind === 'pass' ? 'PASS' : 'FAIL';
  const time = `${result.seconds.toFixed(1)}s`.padStart(6);
  const about = result.outcome.kind === 'fail' ? `  [checks: ${result.checks}]` : '';
  return `${verdict} ${time}  ${result.id.padEnd(ID_WIDTH)} ${result.outcome.message}${about}`;
}

export function summaryLine(results: CaseResult[], seconds: number): string {
  const failed = results.filter((r) => r.outcome.kind === 'fail');
  const verdict = failed.length === 0 ? 'the pipeline conforms' : `FAILED: ${failed.map((r) => r.id).join(', ')}`;
  return `${results.length} cases: ${results.length - failed.length} passed, ${failed.length} failed in ${seconds.toFixed(1)} s; ${verdict}`;
}

export function listLine(c: ConformanceCase): string {
  return `${c.id.padEnd(ID_WIDTH)} ${c.checks}`;
}
