/**
 * `--workload overhead` up to the analysis: the option (default index, a clear exit 2 for a bad
 * value or a contradiction), the plan (each pipeline back to back with its stub-mode twin, ABBA),
 * and a run with the fake pipelines and the fake Qdrant (test doubles of the harness's own
 * logic): the twins get mode "stub" in their workload files, the proof runs per mode, and
 * summary.json records the workload and the overhead analysis.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/config/cli.js';
import { resolveConfig } from '../src/config/index.js';
import { withStubTwins } from '../src/run/overhead.js';
import { planIterations } from '../src/run/plan.js';
import type { PipelineSpec } from '../src/types.js';
import { benchWithFakes, fakePipeline, runBenchCli, writeTestConfig } from './helpers.js';

const resolve = (file: string, ...flags: string[]) => resolveConfig(parseBenchArgs(['--config', file, ...flags])!);

describe('--workload: the option', () => {
  it('is index unless asked; overhead from the flag or the config file', () => {
    const file = writeTestConfig([fakePipeline('a')], { mode: 'full' });
    expect(resolve(file).workload).toBe('index');
    expect(resolve(file, '--workload', 'overhead').workload).toBe('overhead');
    expect(resolve(writeTestConfig([fakePipeline('a')], { mode: 'full', workload: 'overhead' })).workload).toBe('overhead');
  });

  it('refuses a bad value and the stub mode with messages that name the cause', () => {
    expect(() => parseBenchArgs(['--workload', 'turbo'])).toThrow(/--workload <name>' argument 'turbo' is invalid\. Allowed choices are index, overhead/);
    const stub = writeTestConfig([fakePipeline('a')], { mode: 'stub' });
    expect(() => resolve(stub, '--workload', 'overhead')).toThrow(/--workload overhead runs every pipeline in both modes.*mode "stub"/);
    const badFile = writeTestConfig([fakePipeline('a')], { workload: 'turbo' });
    expect(() => resolve(badFile)).toThrow(/workload must be one of \["index","overhead","scale","tokenize","query","threads","memory"\]/);
  });

  it('the CLI exits 2 naming --workload', async () => {
    const r = await runBenchCli(['--workload', 'turbo', '--no-setup']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bench: option '--workload <name>' argument 'turbo' is invalid/);
  });
});

describe('--workload overhead: the plan', () => {
  const p = (id: string): PipelineSpec => ({ id, name: id, command: ['x'], language: 'L', engine: 'E' });

  it('gives each pipeline a stub-mode twin without a matrix cell, run back to back with it in ABBA order', () => {
    const pipes = withStubTwins([{ ...p('python'), reference: true }, p('rust')]);
    expect(pipes.map((x) => [x.id, x.mode ?? 'run', x.stubTwinOf ?? '', x.reference ?? false])).toEqual([
      ['python', 'run', '', true],
      ['python-stub', 'stub', 'python', false],
      ['rust', 'run', '', false],
      ['rust-stub', 'stub', 'rust', false],
    ]);
    expect(pipes[1].language).toBeUndefined();
    const plan = planIterations(pipes, 1, 6, 3);
    for (let round = 0; round < 7; round++) {
      const ids = plan.filter((i) => i.index === round).map((i) => i.pipeline.id);
      expect([...ids].sort()).toEqual(['python', 'python-stub', 'rust', 'rust-stub']);
      for (const id of ['python', 'rust']) {
        const first = Math.min(ids.indexOf(id), ids.indexOf(`${id}-stub`));
        expect(ids.slice(first, first + 2)).toEqual(round % 2 === 0 ? [`${id}-stub`, id] : [id, `${id}-stub`]);
      }
    }
  });
});

describe('--workload overhead: a run of fake pipelines', () => {
  it('runs the twins in stub mode, proves each mode apart and records the workload and the analysis', async () => {
    const { summary, exitCode, runDir } = await benchWithFakes([fakePipeline('a'), fakePipeline('b')], { mode: 'full', iterations: 2 }, [
      '--workload',
      'overhead',
    ]);
    expect(exitCode).toBe(0);
    expect(summary.workload).toBe('overhead');
    expect(summary.pipelines.map((p) => p.id)).toEqual(['a', 'a-stub', 'b', 'b-stub']);
    const modeOf = (file: string) => JSON.parse(readFileSync(path.join(runDir, 'workloads', file), 'utf8')).mode;
    expect([modeOf('a-1.json'), modeOf('a-stub-1.json'), modeOf('b-1.json'), modeOf('b-stub-1.json')]).toEqual(['full', 'stub', 'full', 'stub']);
    expect(summary.equivalence?.passed).toBe(true);
    expect(Object.keys(summary.equivalence!.minCosine).sort()).toEqual(['a-stub|b-stub', 'a|b']);
    expect(summary.summaries.every((s) => s.verified)).toBe(true);
    expect(summary.overhead?.pipelines.map((p) => [p.pipelineId, p.stubId, p.runs.full, p.runs.stub])).toEqual([
      ['a', 'a-stub', 2, 2],
      ['b', 'b-stub', 2, 2],
    ]);
    expect(summary.overhead?.pairs).toHaveLength(1);
    const written = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(written.workload).toBe('overhead');
  });

  it('an index run records its workload and has no twins', async () => {
    const { summary } = await benchWithFakes([fakePipeline('a')], { mode: 'stub' });
    expect(summary.workload).toBe('index');
    expect(summary.pipelines.map((p) => p.id)).toEqual(['a']);
    expect(summary.overhead).toBeUndefined();
  });
});
