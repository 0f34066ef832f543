/**
 * The gate with a real pipeline (issue 9 section 9): the TypeScript pipeline (or the Rust one,
 * when built) in full mode on the quick subset, three copies in one run: the baseline,
 * the same (A/A), and one made 20% slower by holding its exit for a fifth of its run
 * (doubles/hold-exit.mjs, on both sides so they carry the same wrapper). Each candidate is judged
 * by the gate against the baseline. The store is the embedded Qdrant when built, else the fake.
 *
 * The run count is the gate's own answer: a pilot run at the default 6 iterations, then the runs
 * per side that the power simulation (analysis/gate/power.ts) says detect a 20% worsening of end
 * to end with 80% power, from the pilot's noise. The repetitions then check that prediction:
 * about 80% detected (at least 60% asserted), and the A/A half at most 1 in 20 false alarms.
 *
 * Why full mode: in stub mode a run takes ~0.2 s and varies 185-300 ms, so a 20% change (~45 ms)
 * is below the gate's 50 ms floor (check.minDelta); the pilot's power simulation said so itself
 * ("more than 40 runs per side"). A run that embeds for real lasts seconds.
 *
 * A measurement, not a unit test: it runs only when asked (npm run bench:gate-real, 20
 * repetitions). Its detection figure means most on an idle machine; the A/A half holds regardless.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../src/analysis/gate/evaluate.js';
import { DEFAULT_CHECK_CONFIG } from '../src/config/check.js';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { DEFAULT_CORPUS_DIR, QDRANT_LOCAL_BIN, REPO_ROOT, RUST_PIPELINE_BIN, TS_PIPELINE_ENTRY } from '../src/paths.js';
import { runBench } from '../src/run/bench.js';
import { openStore, type StoreHandle } from '../src/store/index.js';
import { startFakeQdrant } from './doubles/fake-qdrant.js';
import { brief, view } from './fixtures/gate-scenarios.js';
import { TEST_CORPUS } from './helpers.js';

const REPS = Number(process.env.GATE_REPS ?? 0);
const HOLD_EXIT = path.join(REPO_ROOT, 'harness/test/doubles/hold-exit.mjs');
const pipeline = existsSync(RUST_PIPELINE_BIN) ? [RUST_PIPELINE_BIN] : ['node', TS_PIPELINE_ENTRY];
const corpus = existsSync(DEFAULT_CORPUS_DIR) ? DEFAULT_CORPUS_DIR : TEST_CORPUS;
/** The exit held for a fifth of the run: the run 1.2x as long. */
const SLOWER_20 = 0.2;

async function store(): Promise<{ handle: StoreHandle; close: () => Promise<void> }> {
  if (existsSync(QDRANT_LOCAL_BIN)) {
    const handle = await openStore({}, {});
    return { handle, close: () => handle.stop() };
  }
  const fake = await startFakeQdrant();
  return {
    handle: { kind: 'external', name: 'fake-qdrant', version: 'double', restUrl: fake.url, grpcUrl: fake.url, stop: async () => {} },
    close: () => fake.close(),
  };
}

async function rep(handle: StoreHandle, iterations?: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-real-'));
  const wrapped = (id: string, fraction: number) => ({ id, name: id, command: ['node', HOLD_EXIT, String(fraction), ...pipeline] });
  writeFileSync(
    path.join(dir, 'bench.config.json'),
    JSON.stringify({ pipelines: [wrapped('base', 0), wrapped('same', 0), wrapped('slower', SLOWER_20)], mode: 'full' }),
  );
  const flags = ['--config', path.join(dir, 'bench.config.json'), '--corpus', corpus, '--quick', '--no-setup', '--out', path.join(dir, 'results')];
  if (iterations) flags.push('--iterations', String(iterations));
  const { summary } = await runBench({ ...resolveConfig(parseBenchArgs(flags)!, REPO_ROOT), baseDir: REPO_ROOT }, { store: handle, reports: false });
  const base = view(summary, 'base', 'p', 'baseline');
  return { aa: evaluateGate(base, view(summary, 'same', 'p', 'same')), slow: evaluateGate(base, view(summary, 'slower', 'p', 'slower')) };
}

/** The runs per side the gate needs for a 20% worsening of end to end, from a pilot A/A run's noise. */
async function runsFromPilot(handle: StoreHandle): Promise<number | null> {
  const { aa } = await rep(handle);
  const wall = aa.verdicts.find((v) => v.metric === 'wall')!;
  console.log(`pilot at the default runs: end to end ${wall.power?.note}`);
  return wall.power?.runsForTarget ?? null;
}

describe.skipIf(REPS === 0)('the gate with a real pipeline: false alarms and detection', () => {
  it(`A/A passes and a 20% slower copy fails (${REPS} repetitions)`, async () => {
    const { handle, close } = await store();
    let falseAlarms = 0;
    let detected = 0;
    let runs: number | null = null;
    try {
      runs = await runsFromPilot(handle);
      expect(runs, 'the pilot says no run count up to 40 detects 20%').not.toBeNull();
      runs = Math.max(runs!, DEFAULT_CHECK_CONFIG.minSamples);
      for (let r = 0; r < REPS; r++) {
        const { aa, slow } = await rep(handle, runs);
        if (aa.exitCode !== 0) falseAlarms++;
        if (slow.exitCode === 1 && slow.verdicts.some((v) => v.verdict === 'regression' && v.metric === 'wall')) detected++;
        console.log(`rep ${r + 1}: A/A ${aa.exitCode === 0 ? 'pass' : `FALSE ALARM ${brief(aa)}`}; 20% slower: ${brief(slow)}`);
      }
    } finally {
      await close();
    }
    console.log(
      `gate with ${pipeline.join(' ')} (${handle.name}) at ${runs} runs per side (the pilot's answer): A/A false alarms ${falseAlarms}/${REPS}; 20% slower detected ${detected}/${REPS}`,
    );
    expect(falseAlarms).toBeLessThanOrEqual(Math.max(1, Math.floor(REPS / 20)));
    // designed for 80% power; a pilot's noise estimate is rough (stats/README.md: 67-84% seen), so at least 60%
    expect(detected).toBeGreaterThanOrEqual(Math.ceil(0.6 * REPS));
  }, 7_200_000);
});
