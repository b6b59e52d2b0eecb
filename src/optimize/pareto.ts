/**
 * The Pareto front of the candidates that ran, over the three figures a rollout plan trades off:
 * how long the fleet upgrade takes (fleet.upgradeMakespan p95, lower is better), how low the worst
 * cluster's availability goes (cluster.minAvailableRatio p5, higher is better) and how hard the
 * clouds' APIs are hit (cloud.throttled p95, lower is better). A candidate is on the front when no
 * other is at least as good on all three and better on one.
 */

import type { RunRecord } from '../sweep/metrics.js';
import { metricValue, resolveMetric, type MetricRef } from './metric.js';
import { statisticOf, statisticLabel, type Statistic } from './statistic.js';

export interface ParetoAxis {
  metric: MetricRef;
  statistic: Statistic;
  better: 'lower' | 'higher';
  /** `fleet.upgradeMakespan:p95`. */
  text: string;
}

function axis(name: string, statistic: Statistic, better: 'lower' | 'higher'): ParetoAxis {
  const metric = resolveMetric(name, 'pareto');
  return { metric, statistic, better, text: `${name}:${statisticLabel(statistic)}` };
}

export const PARETO_AXES: readonly ParetoAxis[] = [
  axis('fleet.upgradeMakespan', { kind: 'quantile', p: 0.95 }, 'lower'),
  axis('cluster.minAvailableRatio', { kind: 'quantile', p: 0.05 }, 'higher'),
  axis('cloud.throttled', { kind: 'quantile', p: 0.95 }, 'lower'),
];

/** The axis' figure over a candidate's runs; a run without it counts as the worst. */
export function axisValue(a: ParetoAxis, records: readonly RunRecord[]): number {
  const worst = a.better === 'lower' ? Infinity : -Infinity;
  return statisticOf(a.statistic, records.map((r) => {
    const v = metricValue(a.metric, r);
    return Number.isNaN(v) ? worst : v;
  }));
}

/** Indexes of the points no other point dominates (each point: one value per axis). */
export function paretoFront(points: ReadonlyArray<readonly number[]>, axes: readonly ParetoAxis[] = PARETO_AXES): number[] {
  const oriented = points.map((p) => p.map((v, k) => ((axes[k] as ParetoAxis).better === 'lower' ? v : -v)));
  const front: number[] = [];
  oriented.forEach((p, i) => {
    const dominated = oriented.some((q, j) => j !== i && q.every((v, k) => v <= (p[k] as number)) && q.some((v, k) => v < (p[k] as number)));
    if (!dominated) front.push(i);
  });
  return front;
}
