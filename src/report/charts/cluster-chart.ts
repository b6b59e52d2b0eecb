/**
 * One cluster's activity, three panels over the run's time axis: Machines by phase (stacked),
 * available vs desired nodes, and MachineHealthCheck / KCP decisions (one lane per decision,
 * a dot per time bucket sized by how many; short-circuits labelled with the counts the MHC saw).
 */

import { formatElapsed } from '../../engine/duration.js';
import { parseObjectKey } from '../../kube/keys.js';
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

/** The MachineHealthCheck's name without its kind and namespace. */
function checkName(healthCheck: string): string {
  return parseObjectKey(healthCheck).name;
}

/** "cl-2-mhc: 3 of 6 unhealthy, limit 2 — from 30m to 45m". */
export function describeShortCircuit(sc: ShortCircuit): string {
  const until = sc.end === null ? 'until the end of the run' : `to ${formatElapsed(sc.end)}`;
  return `${checkName(sc.healthCheck)}: ${sc.unhealthy} of ${sc.total} unhealthy, limit ${sc.limit} — from ${formatElapsed(sc.start)} ${until}`;
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

/** Short-circuit spells as spans in their lane, labelled with the counts the MHC saw. */
function spellRows(series: ClusterSeries, axis: TimeAxis): Array<{ start: number; end: number; decision: string; label: string }> {
  return series.shortCircuits.map((sc) => ({
    start: axis.at(sc.start), end: axis.at(sc.end ?? axis.endMs), decision: 'short-circuited',
    label: `${sc.unhealthy}/${sc.total} unhealthy, limit ${sc.limit}`,
  }));
}

function decisionRows(series: ClusterSeries, axis: TimeAxis): Array<{ t: number; decision: string; count: number }> {
  const width = Math.max(1, Math.ceil(axis.endMs / DECISION_BUCKETS));
  const counts = new Map<string, { t: number; decision: string; count: number }>();
  for (const { t, decision } of series.decisions) {
    const bucket = Math.floor(t / width);
    const key = `${decision}\u0000${bucket}`;
    const row = counts.get(key);
    if (row !== undefined) row.count++;
    else counts.set(key, { t: axis.at(bucket * width + width / 2), decision, count: 1 });
  }
  const rows = [...counts.values()];
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
            data: { values: spellRows(series, axis) },
            mark: { type: 'bar', color: DECISION_COLORS[DECISIONS.indexOf('short-circuited')] as string, opacity: 0.3, height: { band: 0.6 } },
            encoding: { x: { ...x, field: 'start', title: axis.title }, x2: { field: 'end' }, description: { field: 'label' }, tooltip: { field: 'label' } },
          },
          {
            transform: [{ calculate: "datum.decision + ' ×' + datum.count", as: 'label' }],
            mark: { type: 'circle', opacity: 0.85 },
            encoding: {
              description: { field: 'label' },
              tooltip: { field: 'label' },
              size: { field: 'count', type: 'quantitative', title: 'decisions', scale: { domain: [0, maxCount], range: [0, 160] }, legend: null },
              color: { field: 'decision', type: 'nominal', legend: null, scale: { domain: [...DECISIONS], range: [...DECISION_COLORS] } },
            },
          },
          {
            data: { values: spellRows(series, axis) },
            mark: { type: 'text', align: 'left', dx: 12, fontSize: 10, color: '#b22' },
            encoding: { x: { ...x, field: 'start', title: axis.title }, text: { field: 'label' } },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
