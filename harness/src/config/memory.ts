/**
 * What `--workload memory` sets in the config (claim 5: no creeping memory, no pauses in a
 * long-running process): how many times one process indexes the corpus (the workload's file list
 * repeated: pipelines/README.md rule 1), the corpus copied, and the share of passes taken as
 * warm-up. One process per pipeline, no warmup run: the process's own first passes are its warm-up.
 */
import type { SubsetName } from './types.js';

/**
 * 5 copies of the default 600 KB subset (about 3,900 chunks, 125 passes of 32 texts); --quick: 2
 * copies of a 200 KB subset (23 files, 150 KB: 13 passes a process, 11 after warm-up; 3m25s for
 * the three pipelines on 2 shared cores). Every copy holds more chunks than one upsert group (64),
 * so no upsert carries one id twice.
 */
export const MEMORY_DEFAULTS = { repeat: 5, quickRepeat: 2, quickBytes: 200_000, warmupFraction: 0.2 } as const;

/** The config's set naming the pipelines that write batch events (pipelines/README.md, "Per-batch events"). */
export const MEMORY_SET = 'memory';

export interface MemorySettings {
  /** Copies of the corpus's file list one process indexes. */
  repeat: number;
  /** The corpus copied: the run's subset, or with --quick this byte budget of the subset rule. */
  quickBytes: number | null;
  /** Share of each process's passes (the first ones) left out as warm-up. */
  warmupFraction: number;
  /** Ids of the configured pipelines that write batch events (the config's set "memory"); the others are "not implemented". */
  speakers: string[];
}

/** The `memory` section of bench.config.json as validated by its schema. */
export interface MemoryFileSection {
  repeat?: number;
  quickRepeat?: number;
  warmupFraction?: number;
}

/** What `--workload memory` sets: its settings (bench.config.json's `memory` section, else the defaults) and one measured process per pipeline. */
export function memorySettings(
  workload: string,
  subset: SubsetName,
  file: MemoryFileSection | undefined,
  sets?: Record<string, string[]>,
): { memory?: MemorySettings; warmup?: number; iterations?: number } {
  if (workload !== 'memory') return {};
  const quick = subset === 'quick';
  const repeat = quick ? (file?.quickRepeat ?? MEMORY_DEFAULTS.quickRepeat) : (file?.repeat ?? MEMORY_DEFAULTS.repeat);
  return {
    memory: {
      repeat,
      quickBytes: quick ? MEMORY_DEFAULTS.quickBytes : null,
      warmupFraction: file?.warmupFraction ?? MEMORY_DEFAULTS.warmupFraction,
      speakers: sets?.[MEMORY_SET] ?? [],
    },
    warmup: 0,
    iterations: 1,
  };
}

/** The `memory` section's JSON Schema (config/schema.ts). */
export const memorySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'settings of --workload memory (claim 5)',
  properties: {
    repeat: { type: 'integer', minimum: 1, maximum: 1000, description: 'copies of the corpus one process indexes (default 5)' },
    quickRepeat: { type: 'integer', minimum: 1, maximum: 1000, description: 'copies with --quick (default 2)' },
    warmupFraction: { type: 'number', minimum: 0, maximum: 0.9, description: "share of each process's first passes left out as warm-up (default 0.2)" },
  },
} as const;
