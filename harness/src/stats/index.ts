/** Pure statistics: no I/O, no clocks, nothing of the harness imported; seeded, so every figure is reproducible. */
export type { Interval } from './types.js';
export { seededRandom, DEFAULT_SEED, type Random } from './random.js';
export { median, mean, standardDeviation, mad, quantileSorted, sortedCopy } from './descriptive.js';
export { madOutliers, MODIFIED_Z_LIMIT } from './outliers.js';
export { bootstrapCI, ratioCI, excludes, type BootstrapOptions } from './bootstrap.js';
export { mannWhitneyU, type RankTest } from './rank-test.js';
