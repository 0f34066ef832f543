/** The regression gate: a candidate run against a baseline, verdict per pipeline and metric. */
export { compareRuns, assertComparable, gatedMetrics, IncomparableError, type CheckReport, type MetricVerdict, type CompareOptions } from './compare.js';
export { judgeMetric, type Verdict, type MetricJudgement } from './verdict.js';
export { DEFAULT_CHECK_CONFIG, resolveCheckConfig, thresholdFor, type CheckConfig, type ThresholdOverride } from './thresholds.js';
export { workloadDifferences, environmentDifferences, sameWorkload } from './comparable.js';
export { loadSummary, parseSummary, saveBaseline, baselineOf, writeFileAtomic, InputError } from './baseline-file.js';
export { renderCheckMarkdown, renderCheckJson, mdCell } from './markdown.js';
export { findHistory } from './history.js';
export { splitInterleaved, interleavePairs, isBaselineCopy, BASELINE_SUFFIX } from './same-machine.js';
export { measureNoise, pairsOfRuns, renderNoiseMarkdown, type NoiseReport, type NoiseRow } from './noise.js';
