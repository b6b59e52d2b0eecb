/** Sweeps: many seeds and parameter grids, shards and merge, paired comparison, Kubernetes Jobs. */

export { parseSeeds, formatSeeds, SeedSpecError, MAX_SEEDS } from './seeds.js';
export { parseSetArgument, parsePath, applySetting, SetError, type SetParameter, type PathStep } from './overrides.js';
export { buildVariants, mergeParameters, sweepId, MAX_VARIANTS, type SweepPlan, type Variant, type Setting } from './variants.js';
export { runMetrics, metricInfo, FIXED_METRICS, type MetricInfo, type MetricValues, type RunRecord } from './metrics.js';
export { describe as describeDistribution, type Distribution } from './statistics.js';
export { SweepResults, summarizeSweep, sweepMeta, type SweepMeta, type SweepSummary, type VariantSummary } from './results.js';
export { runSweep, collectRuns, parseShard, sweepTasks, ShardSpecError, type Shard, type SweepRunOptions, type SweepOutcome, type PartialManifest } from './runner.js';
export { mergePartials, MergeError, type MergeOutcome } from './merge.js';
export { compareVariants, compareMetric, bootstrapMeanInterval, DEFAULT_RESAMPLES, type CompareSummary, type MetricComparison, type PairComparison } from './compare.js';
export { writeCompareReports, renderCompareText, renderCompareMarkdown } from './compare-report.js';
export { writeSweepReports, SWEEP_FORMATS, type SweepFormat } from './write.js';
export { k8sJobManifests, manifestYaml, type K8sJobOptions, type K8sJobManifests } from './k8s-job.js';
export { runTasks, TaskPool, RunFailedError, type Task, type TaskList } from './pool.js';
