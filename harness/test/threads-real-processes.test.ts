/**
 * `npm run bench -- --workload threads` as a real process with the harness's test double
 * pipelines (doubles/fake-pipeline.mjs: NOT measured pipelines) against the embedded Qdrant:
 * a "Python" double whose embed stage holds a lock (FAKE_THREAD_SCALING 0: no gain from
 * threads) and a "Rust" one that scales (0.95). Checks the plan (every thread count of every
 * pipeline once per round, the workload files' threads), the events (ready.threads, the embed
 * stage's time), the verdict, and the reports (terminal, report.md, report.html, threads.csv,
 * summary.json); and bad settings (empty, 0, above the cores, not from 1) exit 2 naming the field.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IterationResult, RunSummary } from '../src/types.js';
import { fakePipeline, runBenchCli, TEST_CORPUS, writeTestConfig } from './helpers.js';
import { QUERY_TEXTS, queryDouble } from './query-helpers.js';

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
    expect(md).toContain('The index job at every thread count; the query job too, for the pipelines that speak it');
    expect(md).toContain('Query job at each thread count: not measured - no pipeline of this run is in the config');
    expect(md).not.toMatch(/95(\.0)?% CI/);
    const html = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<section id="threads">');
    expect(html).toMatch(new RegExp(sentence.source.replace("Python's", 'Python&#39;s')));
    const csv = readFileSync(path.join(runDir, 'threads.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^pipelineId,twinId,threads,runs,wallMs,/);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join())).toEqual(['py,py-t1,1,3', 'py,py-t2,2,3', 'rs,rs-t1,1,3', 'rs,rs-t2,2,3']);
  });
});

/**
 * The query part with the query double (a test double, not a measured pipeline): a "Python" copy
 * with a lock around its embedding, a "Rust" one whose embeddings share a pool of the workload's
 * threads; both index through the index double. 4 texts x 2 passes at the one level c4.
 */
describe.skipIf(CORES < 2)('npm run bench -- --workload threads: the query job at each thread count (query doubles, real processes)', () => {
  let runDir: string;
  let summary: RunSummary;
  let result: Awaited<ReturnType<typeof runBenchCli>>;
  beforeAll(async () => {
    const doubles = [
      queryDouble('py', 'Python', { QUERY_DOUBLE_GIL: '1', QUERY_DOUBLE_EMBED_MS: '80', FAKE_STAGE_MS: STAGE_MS }, { reference: true, engine: 'fake' }),
      queryDouble('rs', 'Rust', { QUERY_DOUBLE_POOL: 'threads', QUERY_DOUBLE_EMBED_MS: '80', FAKE_STAGE_MS: STAGE_MS }, { engine: 'fake' }),
    ];
    const config = writeTestConfig(doubles, { sets: { query: ['py', 'rs'] }, query: { texts: 'texts.json', topK: 3, concurrency: [1, 4], passes: 2 } });
    writeFileSync(path.join(path.dirname(config), 'texts.json'), JSON.stringify({ texts: QUERY_TEXTS }));
    const out = path.join(path.dirname(config), 'results');
    const flags = ['--workload', 'threads', '--thread-counts', '1,2', '--config', config, '--corpus', TEST_CORPUS, '--no-setup', '--out', out];
    result = await runBenchCli([...flags, '--warmup', '0', '--iterations', '3', '--seed', '5'], {}, 5 * 60_000);
    runDir = path.join(out, 'latest');
    summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  }, 6 * 60_000);

  it('indexes once, then runs every twin of a speaker 3 times at the top concurrency only, with its own thread count', () => {
    expect(result.exitCode, result.stderr.slice(-3000)).toBe(0);
    const q = summary.threadsQuery!;
    expect(q).toMatchObject({ concurrency: 4, passes: 2, texts: 4, skipped: null, index: { pipelineId: 'py-t2', status: 'ok' } });
    expect(q.processes.map((p) => [p.pipelineId, p.kind, p.status]).sort()).toEqual(
      ['py-t1', 'py-t2', 'rs-t1', 'rs-t2'].flatMap((id) => Array(3).fill([id, 'measured', 'ok'])),
    );
    for (const id of ['py-t1', 'py-t2', 'rs-t1', 'rs-t2']) {
      const workload = JSON.parse(readFileSync(path.join(runDir, 'workloads', `${id}-query-0.json`), 'utf8'));
      expect(workload, id).toMatchObject({ job: 'query', threads: Number(id.slice(-1)), query: { concurrency: [4], passes: 2 } });
      expect(workload.qdrant.collection).toBe(q.index!.collection);
      expect(q.processes.find((p) => p.pipelineId === id)!.info?.threads, id).toBe(Number(id.slice(-1)));
    }
  });

  it('finds the pooled double speeding up with a second thread and the locked one not; the reports carry it', () => {
    const level = (id: string) => summary.threads!.pipelines.find((p) => p.pipelineId === id)!.levels[1].query!;
    // 8 waits of 80 ms, 2 at a time on 2 "threads", 1 on 1; the searches (not pooled) add the same to both: measured 1.49 with 40 ms waits
    expect(level('rs').speedup!.value).toBeGreaterThan(1.4);
    expect(level('rs').efficiency!.value).toBeCloseTo(level('rs').speedup!.value / 2, 10);
    expect(level('py').speedup!.value).toBeLessThan(1.2);
    expect(level('rs').runs).toBe(3);
    const md = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    expect(md).toContain('| query q/s (median) | query speed-up | query efficiency |');
    expect(md).toMatch(/Query job at each thread count: 2 pass\(es\) of 4 texts at concurrency 4 per process, against \d+ points indexed once by py-t2/);
    expect(result.stdout).toContain('query speed-up');
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('query efficiency');
    const csv = readFileSync(path.join(runDir, 'threads.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toContain(',queryRuns,queryQps,');
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
