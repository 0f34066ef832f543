/**
 * Exposed time: the part of the wall time a stage is on the critical path. Stacked, the stages'
 * exposed times and an "other" segment (process teardown, gaps between stages) add up to the
 * wall time, which busy times of overlapping stages do not.
 */
import type { OverlapGroup, Stage } from '../types.js';

export interface StageSpan {
  stage: Stage;
  startMs: number;
  endMs: number;
  busyMs: number;
  /** As the pipeline reported it (required for a concurrent group, see pipelines/README.md). */
  exposedMs?: number;
}

/**
 * Each stage's exposed time:
 * - a stage that overlaps nothing: its span (start to end);
 * - interleaved stages (one thread takes turns): each one's busy time, since turns never overlap;
 * - concurrent stages: what the pipeline reports, since only it knows what it waited for (a
 *   pipeline that embeds batch k+1 while batch k is upserted has embed on the critical path and
 *   only its waits for the upserts as exposed upsert time).
 * A group's exposed times never add up to more than the group's span: clock rounding is scaled away.
 */
export function exposedTimes(spans: StageSpan[], groups: OverlapGroup[]): Map<Stage, number> {
  const out = new Map<Stage, number>();
  for (const span of spans) {
    const wall = Math.max(0, span.endMs - span.startMs);
    const group = groups.find((g) => g.stages.includes(span.stage));
    if (!group) out.set(span.stage, wall);
    else if (group.kind === 'interleaved') out.set(span.stage, clamp(span.busyMs, wall));
    else out.set(span.stage, clamp(span.exposedMs ?? 0, wall));
  }
  for (const group of groups) {
    const members = spans.filter((s) => group.stages.includes(s.stage));
    if (members.length === 0) continue;
    const union = Math.max(...members.map((s) => s.endMs)) - Math.min(...members.map((s) => s.startMs));
    const sum = members.reduce((acc, s) => acc + (out.get(s.stage) ?? 0), 0);
    if (sum > union && sum > 0) for (const s of members) out.set(s.stage, ((out.get(s.stage) ?? 0) * union) / sum);
  }
  return out;
}

const clamp = (x: number, max: number) => Math.min(Math.max(0, x), max);
