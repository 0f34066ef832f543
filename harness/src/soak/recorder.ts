/**
 * The soak's reading after every iteration, taken where the run loop reports it
 * (ProgressReporter.iterationEnd, after the iteration's line is written): the harness's own RSS
 * and V8 heap (in use, and the pages V8 holds for it) after a full garbage collection, and the
 * store's RSS. Collecting first makes the series show what the harness keeps, not how much
 * garbage happened to be waiting; the RSS is the kernel's figure (VmRSS), as the run's own
 * sampler reads it. RSS minus V8's pages is what grows outside the heap (malloc, V8's pooled
 * pages, mapped files).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readMemory } from '../measure/proc.js';
import type { ProgressReporter } from '../progress/index.js';
import type { PlannedIteration } from '../run/plan.js';
import type { IterationResult, Stage } from '../types.js';

export interface IterationReading {
  /** 1-based position in the run. */
  position: number;
  pipelineId: string;
  status: IterationResult['status'];
  harnessRssBytes: number;
  harnessHeapUsedBytes: number;
  /** The memory V8 holds for its heap (total_physical_size: every space's committed pages, in use or not). */
  harnessHeapCommittedBytes: number;
  /** null: the store's process was not readable (it died and was restarted, or is external). */
  storeRssBytes: number | null;
}

/** `global.gc` without starting node with --expose-gc: the flag set at run time, the function taken from a fresh context. */
export function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export class SoakRecorder implements ProgressReporter {
  readonly readings: IterationReading[] = [];
  private readonly gc = fullGc();

  constructor(
    private readonly inner: ProgressReporter,
    private readonly storePid: () => number | undefined,
  ) {}

  message(text: string): void {
    this.inner.message(text);
  }

  iterationStart(item: PlannedIteration, position: number, total: number): void {
    this.inner.iterationStart(item, position, total);
  }

  stage(stage: Stage | null, detail?: string): void {
    this.inner.stage(stage, detail);
  }

  iterationEnd(result: IterationResult): void {
    this.inner.iterationEnd(result);
    this.gc();
    const own = readMemory(process.pid);
    const pid = this.storePid();
    this.readings.push({
      position: this.readings.length + 1,
      pipelineId: result.pipelineId,
      status: result.status,
      harnessRssBytes: own?.rssBytes ?? process.memoryUsage.rss(),
      harnessHeapUsedBytes: process.memoryUsage().heapUsed,
      harnessHeapCommittedBytes: getHeapStatistics().total_physical_size,
      storeRssBytes: pid ? (readMemory(pid)?.rssBytes ?? null) : null,
    });
  }

  close(): void {
    this.inner.close();
  }
}
