/**
 * `npm run conformance -- [options] <command...>`: the conformance kit. Runs every case of
 * pipelines/testdata/conformance.json against the command and prints one line per case and a
 * summary. Exit codes: 0 every case passed, 1 a case failed, 2 bad usage or the kit could not
 * run (no store, no model, a command that cannot start), 130 interrupted.
 */
import { existsSync } from 'node:fs';
import { parseConformanceArgs } from '../conformance/args.js';
import { caseLine, listLine, summaryLine } from '../conformance/format.js';
import { runConformance } from '../conformance/run.js';
import { loadCaseTable, selectCases } from '../conformance/table.js';
import { CliError, ConfigError } from '../errors.js';
import { openStore } from '../store/index.js';

async function main(argv: string[]): Promise<number> {
  const args = parseConformanceArgs(argv);
  if (!args) return 0;
  const table = loadCaseTable();
  const cases = selectCases(table, args.cases);
  if (args.list) {
    for (const c of cases) console.log(listLine(c));
    return 0;
  }
  if (!existsSync(args.modelDir)) throw new ConfigError(`the model directory ${args.modelDir} does not exist: run \`npm run setup\` or pass --model-dir`);
  const store = await openStore().catch((err: Error) => {
    throw new ConfigError(`no Qdrant to run against: ${err.message}`);
  });
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  try {
    console.log(
      `conformance of \`${args.command.join(' ')}\`: ${cases.length} cases (pipelines/testdata/conformance.json), store ${store.name} at ${store.restUrl}`,
    );
    const started = performance.now();
    const results = await runConformance({ ...args, table, cases, store, signal: interrupt.signal, onResult: (r) => console.log(caseLine(r)) });
    if (interrupt.signal.aborted) {
      console.log(`interrupted after ${results.length} of ${cases.length} cases`);
      return 130;
    }
    console.log(summaryLine(results, (performance.now() - started) / 1000));
    return results.every((r) => r.outcome.kind === 'pass') ? 0 : 1;
  } finally {
    await store.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // No verdict: bad usage, no store or model, a command that cannot start (or a bug: its stack).
    process.stderr.write(`conformance: ${err instanceof CliError ? err.message : (err?.stack ?? err)}\n`);
    process.exit(2);
  },
);
