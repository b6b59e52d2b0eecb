/** Strategy optimization: search the rollout-strategy space for the best plan that meets chance constraints, racing candidates over common random numbers. */

export { parseVaryArgument, parseVaryArguments, allValues, valueCount, MAX_RANGE_VALUES, type SearchParameter } from './parameters.js';
export { parseObjective, objectiveValue, type Objective, type Direction } from './objective.js';
export { parseRequirement, requirementValue, meets, isEveryRun, type Requirement, type Comparison } from './requirement.js';
export { resolveMetric, metricValue, metricNames, type MetricRef } from './metric.js';
export { parseStatistic, statisticLabel, statisticOf, quantileOfSorted, type Statistic } from './statistic.js';
export { Resamples, percentileInterval, differences } from './bootstrap.js';
export { clopperPearson, binomialCdf } from './binomial.js';
export { coarseGrid, coarseValues, refinements, gridSize, COARSE_POINTS, type Point } from './space.js';
export { buildCandidate, checkValues, shortNames, type Candidate, type CandidateSource } from './candidates.js';
export { raceStep, FIRST_TEST, GROWTH, CONFIDENCE, type RaceStep, type Elimination, type Judgement } from './race.js';
export { optimizerSeeds } from './seeds.js';
export { runOptimize, type OptimizeProblem, type OptimizeOptions, type OptimizeProgress, type OptimizeRun, type Fate, type RoundLog } from './optimizer.js';
export { summarizeOptimize, type OptimizeSummary, type CandidateSummary, type Recommendation, type Status } from './summary.js';
export { paretoFront, PARETO_AXES } from './pareto.js';
export { planYaml } from './plan-file.js';
export { renderOptimizeText } from './text.js';
export { renderOptimizeMarkdown } from './markdown.js';
export { renderOptimizeHtml } from './html.js';
export { writeOptimizeReports, OPTIMIZE_FORMATS, type OptimizeFormat } from './write.js';
export { OptimizeInputError } from './errors.js';
