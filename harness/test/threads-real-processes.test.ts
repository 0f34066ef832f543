/**
 * `npm run bench -- --workload threads` as a real process with the harness's test double
 * pipelines (doubles/fake-pipeline.mjs: NOT measured pipelines) against the embedded Qdrant:
 * a "Python" double whose embed stage holds a lock (FAKE_THREAD_SCALING 0: no gain from
 * threads) and a "Rust" one that scales (0.95). Checks the plan (every thread count of every
 * pipeline once per round, the workload files' threads), the events (ready.threads, the embed
 * stage's time), the verdict, and the reports (terminal, report.md, report.html, threads.csv,
 * summary.json); and bad settings (empty, 0, above the cores, not from 1) exit 2 naming the field.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IterationResult, RunSummary } from '../src/types.js';
import { fakePipeline, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';

const CORES = os.availableParallelism();
const STAGE_MS = JSON.stringify({ read: 10, chunk: 10, embed: 400, upsert: 10 });
const pipelines = [
  fakePipeline('py', { FAKE_STAGE_MS: STAGE_MS, FAKE_THREAD_SCALING: '0' }, { language: 'Python', engine: 'fake', reference: true }),
  fakePipeline('rs', { FAKE_STAGE_MS: STAGE_MS, FAKE_THREAD_SCALING: '0.95' }, { language: 'Rust', engine: 'fake' }),
];
const TWINS = ['py-t1', 'py-t2', 'rs-t1', 'rs-t2'];

interface Outcome {
  runDir: string;
  summary: RunSummary;
  iterations: IterationResult[];
  result: Awaited<ReturnType<typeof runBenchCli>>;
}

let once: Promise<Outcome> | null = null;
/** One real run of the doubles, shared by the describes below (1 warmup + 3 measured runs per pipeline and count). */
function threadsRun(): Promise<Outcome> {
  once ??= (async () => {
    const config = writeTestConfig(pipelines);
    const out = path.join(path.dirname(config), 'results');
    const flags = ['--workload', 'threads', '--thread-counts', '1,2', '--config', config, '--corpus', TEST_CORPUS, '--no-setup', '--out', out];
    const result = await runBenchCli([...flags, '--warmup', '1', '--iterations', '3', '--seed', '11'], {}, 5 * 60_000);
    const runDir = path.join(out, 'latest');
    const summary: RunSummary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    const lines = readFileSync(path.join(runDir, 'iterations.jsonl'), 'utf8').trim().split('\n');
    return { runDir, summary, iterations: lines.map((l) => JSON.parse(l)), result };
  })();
  return once;
}

describe.skipIf(CORES < 2)('npm run bench -- --workload threads (test double pipelines, real processes): the plan and the events', () => {
  let runDir: string;
  let summary: RunSummary;
  let iterations: IterationResult[];
  let result: Outcome['result'];
  beforeAll(async () => {
    ({ runDir, summary, iterations, result } = await threadsRun());
  }, 6 * 60_000);

  it('plans every thread count of every pipeline once per shuffled round, 1 warmup + 3 measured each', () => {
    expect(result.exitCode, result.stderr.slice(-3000)).toBe(0);
    expect(summary.workload).toBe('threads');
    expect(summary.pipelines.map((p) => [p.id, p.threadCount, p.threadsOf?.id])).toEqual([
      ['py-t1', 1, 'py'],
      ['py-t2', 2, 'py'],
      ['rs-t1', 1, 'rs'],
      ['rs-t2', 2, 'rs'],
    ]);
    expect(iterations).toHaveLength(16);
    for (let round = 0; round < 4; round++) {
      const ids = iterations.slice(round * 4, round * 4 + 4).map((it) => it.pipelineId);
      expect(new Set(ids), `round ${round}: ${ids}`).toEqual(new Set(TWINS));
      expect(iterations.slice(round * 4, round * 4 + 4).every((it) => it.index === round)).toBe(true);
    }
    expect(iterations.filter((it) => it.kind === 'measured')).toHaveLength(12);
    // shuffled: not every round in the same order
    const orders = new Set(
      [0, 1, 2, 3].map((r) =>
        iterations
          .slice(r * 4, r * 4 + 4)
          .map((it) => it.pipelineId)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('gives each twin its thread count in the workload file, and each reports it in ready', () => {
    for (const id of TWINS) {
      const t = Number(id.slice(-1));
      const workload = JSON.parse(readFileSync(path.join(runDir, 'workloads', `${id}-1.json`), 'utf8'));
      expect(workload.threads, id).toBe(t);
      for (const it of iterations.filter((x) => x.pipelineId === id)) expect(it.pipelineInfo?.threads, id).toBe(t);
    }
    const embed = (id: string) => {
      const xs = iterations.filter((it) => it.pipelineId === id && it.kind === 'measured').map((it) => it.stages.find((s) => s.stage === 'embed')!.busyMs);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(embed('rs-t2') / embed('rs-t1')).toBeLessThan(0.6); // (1 - 0.95) + 0.95 / 2 = 0.525
    expect(embed('py-t2') / embed('py-t1')).toBeGreaterThan(0.9); // the lock held
  });
});

describe.skipIf(CORES < 2)('npm run bench -- --workload threads (test double pipelines, real processes): the verdict and the reports', () => {
  let runDir: string;
  let summary: RunSummary;
  let result: Outcome['result'];
  beforeAll(async () => {
    ({ runDir, summary, result } = await threadsRun());
  }, 6 * 60_000);

  it('finds Rust scaling and Python not: claim 4 holds on the threads evidence', () => {
    const t = summary.threads!;
    expect(t.counts).toEqual([1, 2]);
    const rs = t.pipelines.find((p) => p.pipelineId === 'rs')!.levels[1];
    const py = t.pipelines.find((p) => p.pipelineId === 'py')!.levels[1];
    expect(rs.embedSpeedup!.value).toBeGreaterThan(1.7);
    expect(py.embedSpeedup!.value).toBeLessThan(1.1);
    expect(rs.embedEfficiency!.level).toBeCloseTo(0.9, 10); // 3 vs 3: the range of all pairs, 90%
    expect(t.verdict).toBe('holds');
    const four = summary.claims!.rows[3];
    expect([four.measured, four.verdict]).toEqual([true, 'holds']);
  });

  it('writes the section to the terminal, report.md, report.html, threads.csv', () => {
    const sentence =
      /Claim 4 \(Rust puts every core to work where Python's GIL holds threads back\), threads: holds - embed-stage efficiency at 2 threads: Fake rs 0\.\d\d \(0\.\d\d-\d\.\d\d, range of all runs\) against Fake py 0\.\d\d/;
    expect(result.stdout).toContain('Scaling with threads (claim 4; medians):');
    expect(result.stdout).toMatch(sentence);
    const md = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    expect(md).toContain('## Scaling with threads (claim 4)');
    expect(md).toMatch(sentence);
    expect(md).toContain('Index job only: the query job at several thread counts is not part of this workload');
    expect(md).not.toMatch(/95(\.0)?% CI/);
    const html = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<section id="threads">');
    expect(html).toMatch(new RegExp(sentence.source.replace("Python's", 'Python&#39;s')));
    const csv = readFileSync(path.join(runDir, 'threads.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^pipelineId,twinId,threads,runs,wallMs,/);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join())).toEqual(['py,py-t1,1,3', 'py,py-t2,2,3', 'rs,rs-t1,1,3', 'rs,rs-t2,2,3']);
  });
});

describe('--workload threads: bad settings exit 2 naming the field, before any pipeline starts', () => {
  const config = () => writeTestConfig([fakePipeline('a')]);
  const cases: Array<[string, string[], RegExp, Record<string, unknown>?]> = [
    ['empty list', ['--thread-counts', ','], /--thread-counts needs at least one thread count/],
    ['zero', ['--thread-counts', '0,1'], /--thread-counts: 0 is not a thread count/],
    ['above the cores', ['--thread-counts', `1,${CORES + 1}`], new RegExp(`--thread-counts: ${CORES + 1} threads exceed this machine's ${CORES} cores`)],
    ['not from 1', ['--thread-counts', `${CORES}`], CORES === 1 ? /./ : /--thread-counts must start at 1/],
    ['descending', ['--thread-counts', '2,1'], /--thread-counts must be ascending without repeats|exceed this machine/],
    ['empty in the config file', [], /threadCounts must NOT have fewer than 1 items/, { threadCounts: [] }],
    ['zero in the config file', [], /threadCounts\.0 must be >= 1/, { threadCounts: [0] }],
    ['above the cores in the config file', [], new RegExp(`threadCounts \\(config file\\): ${CORES + 1} threads exceed`), { threadCounts: [1, CORES + 1] }],
    ['--thread-counts without the workload', ['--workload', 'index', '--thread-counts', '1'], /--thread-counts sets the thread counts of --workload threads/],
  ];
  for (const [name, flags, message, file] of cases) {
    it(name, async () => {
      const cfg = file ? writeTestConfig([fakePipeline('a')], file) : config();
      const workload = flags.includes('--workload') ? [] : ['--workload', 'threads'];
      const r = await runBenchCli([...workload, ...flags, '--config', cfg, '--corpus', TEST_CORPUS, '--no-setup']);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }, 60_000);
  }
});
