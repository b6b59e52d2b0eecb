/**
 * Paired comparison of two strategies run over the same seeds (common random numbers): for each
 * metric, the per-seed differences d = B − A, their mean, and a percentile-bootstrap 95 %
 * confidence interval of that mean (resampling seeds with replacement; Efron & Tibshirani, "An
 * Introduction to the Bootstrap", ch. 13). The difference is significant when the interval leaves
 * out 0; the better side then wins, by the metric's direction. Pairing removes the seed-to-seed
 * noise both strategies share, so a real difference shows with far fewer runs than comparing two
 * independent samples would need.
 *
 * The bootstrap draws from a seeded stream named after the metric, so the interval is the same on
 * every run and machine.
 */

import { fsum } from 'd3-array';
import { Random } from '../engine/random.js';
import { FLEETSIM_VERSION } from '../version.js';
import { metricInfo, type MetricInfo } from './metrics.js';
import type { SweepResults } from './results.js';
import { describe, quantile, roundStat, type Distribution } from './statistics.js';
import { formatSeeds } from './seeds.js';

export const DEFAULT_RESAMPLES = 2000;
export const CONFIDENCE = 0.95;

export type Winner = 'baseline' | 'candidate' | 'none' | 'differs';

export interface MetricComparison {
  metric: string;
  unit: MetricInfo['unit'];
  better?: 'lower' | 'higher';
  baseline: Distribution;
  candidate: Distribution;
  /** Seeds where both runs produced the figure. */
  pairs: number;
  /** Mean of candidate − baseline over the pairs. */
  meanDifference: number | null;
  /** 95 % bootstrap interval of the mean difference. */
  ci: [number, number] | null;
  significant: boolean;
  /** `none`: no significant difference; `differs`: significant but neither direction is better. */
  winner: Winner;
}

export interface PairComparison {
  baseline: { id: number; name: string; label: string };
  candidate: { id: number; name: string; label: string };
  metrics: MetricComparison[];
}

export interface CompareSummary {
  kind: 'fleetsim-compare';
  fleetsimVersion: string;
  seeds: { spec: string; count: number };
  resamples: number;
  confidence: number;
  variants: Array<{ id: number; name: string; label: string; scenario: string; runs: number; exitCodes: Record<string, number> }>;
  comparisons: PairComparison[];
}

/** Percentile-bootstrap interval of the mean of `diffs`. */
export function bootstrapMeanInterval(diffs: Float64Array, resamples: number, random: Random, confidence = CONFIDENCE): [number, number] {
  const n = diffs.length;
  let allEqual = true;
  for (let i = 1; i < n && allEqual; i++) if (diffs[i] !== diffs[0]) allEqual = false;
  // Every resample of identical values has the same mean: no need to draw.
  if (allEqual) return [diffs[0] as number, diffs[0] as number];
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random.next() * n)] as number;
    means[r] = sum / n;
  }
  means.sort();
  const tail = (1 - confidence) / 2;
  return [quantile(means, tail), quantile(means, 1 - tail)];
}

/** Compares one metric over paired seeds (NaN = missing; a seed counts only when both runs have the figure). */
export function compareMetric(name: string, baseline: Float64Array, candidate: Float64Array, resamples = DEFAULT_RESAMPLES): MetricComparison {
  const info = metricInfo(name);
  const diffs: number[] = [];
  for (let i = 0; i < baseline.length; i++) {
    const a = baseline[i] as number;
    const b = candidate[i] as number;
    if (!Number.isNaN(a) && !Number.isNaN(b)) diffs.push(b - a);
  }
  const result: MetricComparison = {
    metric: name, unit: info.unit, ...(info.better === undefined ? {} : { better: info.better }),
    baseline: describe(baseline), candidate: describe(candidate), pairs: diffs.length,
    meanDifference: null, ci: null, significant: false, winner: 'none',
  };
  if (diffs.length === 0) return result;
  const sorted = Float64Array.from(diffs).sort();
  result.meanDifference = roundStat(fsum(sorted) / sorted.length);
  // One pair says nothing about spread: no interval, no verdict.
  if (diffs.length < 2) return result;
  const [lo, hi] = bootstrapMeanInterval(Float64Array.from(diffs), resamples, new Random(`fleetsim:compare:${name}`));
  result.ci = [roundStat(lo), roundStat(hi)];
  result.significant = lo > 0 || hi < 0;
  if (result.significant) {
    if (info.better === undefined) result.winner = 'differs';
    else result.winner = (info.better === 'lower') === (hi < 0) ? 'candidate' : 'baseline';
  }
  return result;
}

export interface CompareInput {
  results: SweepResults;
  /** Display names per variant id: `A`, `B` for two files; `V0`, `V1`, … for a grid. */
  names: ReadonlyMap<number, string>;
  /** Scenario names per variant id. */
  scenarios: ReadonlyMap<number, string>;
  resamples?: number;
}

/** The first variant is the baseline; every other variant is compared with it. */
export function compareVariants(input: CompareInput): CompareSummary {
  const { results } = input;
  const meta = results.meta;
  const resamples = input.resamples ?? DEFAULT_RESAMPLES;
  const names = results.metricNames();
  const named = (v: { id: number; label: string }) => ({ id: v.id, name: input.names.get(v.id) ?? `V${v.id}`, label: v.label });
  const [baseline, ...candidates] = meta.variants;
  if (baseline === undefined || candidates.length === 0) throw new Error('compare needs at least two variants');
  return {
    kind: 'fleetsim-compare',
    fleetsimVersion: FLEETSIM_VERSION,
    seeds: { spec: formatSeeds(meta.seeds), count: meta.seeds.length },
    resamples,
    confidence: CONFIDENCE,
    variants: meta.variants.map((v) => ({ ...named(v), scenario: input.scenarios.get(v.id) ?? meta.name, runs: results.runs(v.id), exitCodes: results.exitCodeCounts(v.id) })),
    comparisons: candidates.map((candidate) => ({
      baseline: named(baseline),
      candidate: named(candidate),
      metrics: names.map((name) => compareMetric(name, results.column(baseline.id, name), results.column(candidate.id, name), resamples)),
    })),
  };
}
