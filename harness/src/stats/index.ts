/** Pure statistics: no I/O, no clocks, nothing of the harness imported; seeded where random, so every figure is reproducible. */
export type { Interval, IntervalMethod } from './types.js';
export { seededRandom, DEFAULT_SEED, type Random } from './random.js';
export { median, mean, standardDeviation, mad, quantileSorted, sortedCopy } from './descriptive.js';
export { madOutliers, MODIFIED_Z_LIMIT } from './outliers.js';
export { medianInterval, orderStatisticCoverage, binomialHalfCdf } from './order-statistic.js';
export { ratioInterval, ratioTest, type RatioTest } from './ratio.js';
export { mannWhitneyU, exactUCounts, smallestRankTestP, type RankTest } from './rank-test.js';
export { simulatePower, logResiduals, DEFAULT_POWER, type PowerAnswer, type PowerQuestion, type PowerSettings, type Detects } from './power.js';
