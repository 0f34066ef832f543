import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import { benchWithFakes, fakePipeline } from './helpers.js';

const STAGE_MS = JSON.stringify({ read: 20, chunk: 20, embed: 300, upsert: 250 });

describe('the stage chart stacks exposed time, so each bar is the wall time', () => {
  it('concurrent and interleaved pipelines: the bars add up to the median wall time, with an "other" segment', async () => {
    const pipes = [
      fakePipeline('concurrent', { FAKE_OVERLAP: 'concurrent', FAKE_STAGE_MS: STAGE_MS }),
      fakePipeline('interleaved', { FAKE_OVERLAP: 'interleaved', FAKE_STAGE_MS: STAGE_MS }),
    ];
    const { summary } = await benchWithFakes(pipes, { warmup: 0, iterations: 1 });
    const iteration = summary.iterations.find((i) => i.pipelineId === 'concurrent')!;
    expect(iteration.overlapped).toEqual([{ stages: ['embed', 'upsert'], kind: 'concurrent' }]);
    const busy = iteration.stages.reduce((a, s) => a + s.busyMs, 0);
    expect(busy).toBeGreaterThan(iteration.wallMs); // busy times of concurrent stages overlap: they overfill the bar

    const html = renderHtml({ summary, history: [] } as never);
    const data = JSON.parse(html.match(/<script type="application\/json" id="bench-data">([^<]*)<\/script>/)![1]);
    expect(data.stages.at(-1)).toBe('other');
    for (const p of data.pipelines) {
      const id = summary.summaries.find((s) => s.pipelineName === p.name)!.pipelineId;
      const breakdown = summary.summaries.find((s) => s.pipelineId === id)!.timeBreakdown!;
      const bar = p.stages.reduce((a: number, b: number) => a + b, 0);
      expect(bar).toBeCloseTo(breakdown.wallMs, 6);
      expect(p.stages.at(-1)).toBeGreaterThanOrEqual(0);
    }
    const upsert = iteration.stages.find((s) => s.stage === 'upsert')!;
    expect(upsert.exposedMs!).toBeLessThan(upsert.busyMs - 250); // hidden under the 300 ms of embed
    const interleaved = summary.summaries.find((s) => s.pipelineId === 'interleaved')!.timeBreakdown!;
    expect(interleaved.exposedMs.upsert!).toBeGreaterThan(240);
  });
});
