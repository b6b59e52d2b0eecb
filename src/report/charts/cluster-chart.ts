/**
 * One cluster's activity, three panels over the run's time axis: Machines by phase (stacked),
 * available vs desired nodes, and MachineHealthCheck / KCP decisions (one lane per decision,
 * a dot per time bucket sized by how many; short-circuits labelled with the counts the MHC saw).
 */

import { formatDuration, type Millis } from '../../engine/duration.js';
import type { ClusterSeries, ShortCircuit } from './cluster-activity.js';
import { bucketWidthFor, downsample } from './downsample.js';
import type { TimeAxis } from './time-axis.js';
import { CHART_CONFIG, CHART_WIDTH, DECISIONS, DECISION_COLORS, PHASES, PHASE_COLORS } from './style.js';
import { VEGA_LITE_SCHEMA, type TopLevelSpec } from './spec-types.js';

const MAX_POINTS = 400;
const STACK_ORDER = ['Running', 'Provisioned', 'Provisioning', 'Pending', 'Deleting', 'Failed'];
/** Decisions are counted in this many buckets over the run. */
const DECISION_BUCKETS = 150;

export interface ClusterChartInput {
  series: ClusterSeries;
  title: string;
  axis: TimeAxis;
  /** Width reserved for y-axis labels, the same in every chart so plots line up. */
  labelExtent: number;
}

/** Consecutive short-circuits with the same counts, as one run. */
export interface ShortCircuitRun extends Omit<ShortCircuit, 't'> {
  from: Millis;
  to: Millis;
  times: number;
}

export function shortCircuitRuns(shortCircuits: readonly ShortCircuit[]): ShortCircuitRun[] {
  const runs: ShortCircuitRun[] = [];
  for (const sc of shortCircuits) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.healthCheck === sc.healthCheck && last.unhealthy === sc.unhealthy && last.total === sc.total && last.limit === sc.limit) {
      last.to = sc.t;
      last.times++;
    } else runs.push({ healthCheck: sc.healthCheck, unhealthy: sc.unhealthy, total: sc.total, limit: sc.limit, from: sc.t, to: sc.t, times: 1 });
  }
  return runs;
}

export function describeShortCircuit(run: ShortCircuitRun): string {
  const when = run.times === 1 ? `at ${formatDuration(run.from)}` : `${run.times} times from ${formatDuration(run.from)} to ${formatDuration(run.to)}`;
  return `${run.healthCheck}: ${run.unhealthy} of ${run.total} unhealthy, limit ${run.limit} — ${when}`;
}

function phaseRows(series: ClusterSeries, axis: TimeAxis): { rows: Array<Record<string, number>>; phases: string[] } {
  const points = downsample(series.phases, bucketWidthFor(axis, MAX_POINTS), (_into, later) => later);
  const used = PHASES.filter((_, i) => points.some((p) => (p.counts[i] as number) > 0));
  const rows = points.map((p) => {
    const row: Record<string, number> = { t: axis.at(p.t) };
    for (const phase of used) row[phase] = p.counts[PHASES.indexOf(phase)] as number;
    return row;
  });
  const last = rows[rows.length - 1];
  if (last !== undefined && (last.t as number) < axis.at(axis.endMs)) rows.push({ ...last, t: axis.at(axis.endMs) });
  return { rows, phases: used };
}

function availabilityRows(series: ClusterSeries, axis: TimeAxis): Array<{ t: number; available: number; desired: number }> {
  const points = downsample(series.availability, bucketWidthFor(axis, MAX_POINTS), (into, later) => ({ t: into.t, available: Math.min(into.available, later.available), desired: Math.max(into.desired, later.desired) }));
  const rows = points.map((p) => ({ t: axis.at(p.t), available: p.available, desired: p.desired }));
  const last = rows[rows.length - 1];
  if (last !== undefined && last.t < axis.at(axis.endMs)) rows.push({ ...last, t: axis.at(axis.endMs) });
  return rows;
}

function decisionRows(series: ClusterSeries, axis: TimeAxis): Array<{ t: number; decision: string; count: number; label?: string }> {
  const width = Math.max(1, Math.ceil(axis.endMs / DECISION_BUCKETS));
  const counts = new Map<string, { t: number; decision: string; count: number; label?: string }>();
  for (const { t, decision } of series.decisions) {
    const bucket = Math.floor(t / width);
    const key = `${decision}\u0000${bucket}`;
    const row = counts.get(key);
    if (row !== undefined) row.count++;
    else counts.set(key, { t: axis.at(bucket * width + width / 2), decision, count: 1 });
  }
  const rows = [...counts.values()];
  // Label the first dot of each run of identical short-circuits with the counts the MHC saw.
  for (const run of shortCircuitRuns(series.shortCircuits)) {
    const bucket = Math.floor(run.from / width);
    const row = counts.get(`short-circuited\u0000${bucket}`);
    if (row !== undefined && row.label === undefined) row.label = `${run.unhealthy}/${run.total} unhealthy > ${run.limit}`;
  }
  return rows.sort((a, b) => a.t - b.t || DECISIONS.indexOf(a.decision as never) - DECISIONS.indexOf(b.decision as never));
}

export function clusterChartSpec(input: ClusterChartInput): TopLevelSpec {
  const { series, axis } = input;
  const x = { field: 't', type: 'quantitative' as const, title: null, scale: axis.scale() };
  const { rows: phases, phases: usedPhases } = phaseRows(series, axis);
  const decisions = decisionRows(series, axis);
  const maxCount = Math.max(1, ...decisions.map((d) => d.count));
  const axisY = { minExtent: input.labelExtent, maxExtent: input.labelExtent };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    title: input.title,
    spacing: 8,
    vconcat: [
      {
        data: { values: phases },
        width: CHART_WIDTH,
        height: 110,
        transform: [
          { fold: usedPhases, as: ['phase', 'machines'] },
          // Running at the bottom of the stack, the phases machines pass through on top of it.
          { calculate: `indexof(${JSON.stringify(STACK_ORDER)}, datum.phase)`, as: 'stackOrder' },
        ],
        mark: { type: 'area', interpolate: 'step-after', aria: false },
        encoding: {
          x,
          y: { field: 'machines', type: 'quantitative', stack: 'zero', title: 'machines', axis: { ...axisY, tickMinStep: 1 } },
          color: { field: 'phase', type: 'nominal', title: 'phase', scale: { domain: [...PHASES], range: [...PHASE_COLORS] } },
          order: { field: 'stackOrder', type: 'quantitative' },
        },
      },
      {
        data: { values: availabilityRows(series, axis) },
        width: CHART_WIDTH,
        height: 70,
        transform: [{ fold: ['desired', 'available'], as: ['nodes', 'count'] }],
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, aria: false },
        encoding: {
          x,
          y: { field: 'count', type: 'quantitative', title: 'nodes', axis: { ...axisY, tickMinStep: 1 } },
          color: { field: 'nodes', type: 'nominal', title: null, scale: { domain: ['desired', 'available'], range: ['#999999', '#2171b5'] } },
          strokeDash: { field: 'nodes', type: 'nominal', legend: null, scale: { domain: ['desired', 'available'], range: [[4, 3], [1, 0]] } },
        },
      },
      {
        data: { values: decisions },
        width: CHART_WIDTH,
        height: { step: 16 },
        encoding: {
          x: { ...x, title: axis.title },
          y: { field: 'decision', type: 'nominal', title: null, scale: { domain: [...DECISIONS] }, axis: axisY },
        },
        layer: [
          {
            mark: { type: 'circle', opacity: 0.85 },
            encoding: {
              size: { field: 'count', type: 'quantitative', title: 'decisions', scale: { domain: [0, maxCount], range: [0, 160] }, legend: null },
              color: { field: 'decision', type: 'nominal', legend: null, scale: { domain: [...DECISIONS], range: [...DECISION_COLORS] } },
              tooltip: [{ field: 'decision' }, { field: 'count' }],
            },
          },
          {
            transform: [{ filter: 'isValid(datum.label)' }],
            mark: { type: 'text', align: 'left', dx: 12, fontSize: 10, color: '#b22' },
            encoding: { text: { field: 'label' } },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
