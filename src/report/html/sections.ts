/**
 * What the page shows, in order: sections of charts (as Vega-Lite specs, rendered later), notes
 * where a chart has nothing to draw (saying why), and tables. Captions are plain text.
 */

import { formatElapsed } from '../../engine/duration.js';
import type { TopLevelSpec } from '../charts/spec-types.js';
import { clusterChartSpec, describeShortCircuit } from '../charts/cluster-chart.js';
import { cloudCallsSpec } from '../charts/cloud-calls-chart.js';
import { controllerSpec } from '../charts/controller-chart.js';
import { fleetAvailabilitySpec } from '../charts/fleet-availability-chart.js';
import { fleetFaultsSpec, fleetGanttSpec } from '../charts/fleet-gantt.js';
import { INTERESTING_ORDER } from '../charts/interesting-clusters.js';
import type { ReportInput } from '../charts/report-input.js';
import { DECISIONS } from '../charts/style.js';
import type { ReportData } from './report-data.js';
import { clustersTable, cloudTable, controllersTable, pct, type ReportTable } from './table-model.js';
import { timeWentTables } from '../time-went.js';
import { faultsTable } from '../faults-table.js';
import { rolloutNotesTable } from '../rollout-notes.js';

export type SectionItem =
  | { kind: 'chart'; id: string; title: string; caption: string[]; spec: TopLevelSpec }
  | { kind: 'note'; text: string }
  | { kind: 'table'; table: ReportTable };

export interface Section {
  id: string;
  title: string;
  items: SectionItem[];
}

/** Width for y-axis labels: vega's estimate of the longest label (0.8 × characters × 11 px), within bounds. */
function labelExtent(labels: readonly string[]): number {
  const longest = labels.reduce((max, label) => Math.max(max, [...label].length), 0);
  return Math.min(260, Math.max(90, Math.ceil(longest * 0.8 * 11) + 10));
}

function fleetSection(input: ReportInput, data: ReportData, extent: number): Section {
  const { summary } = input;
  const items: SectionItem[] = [];
  const groups = data.waves.groups(summary.clusters.map((c) => c.name));
  const faults = data.faults.spans(data.endedAt);
  const gantt = fleetGanttSpec({ clusters: summary.clusters, groups, faults, axis: data.axis, endedAt: data.endedAt, label: data.label, labelExtent: extent });
  const faultsOnly = gantt === undefined ? fleetFaultsSpec({ faults, axis: data.axis, label: data.label, labelExtent: extent }) : undefined;
  if (gantt === undefined) items.push({ kind: 'note', text: 'No cluster rolled out in this run, so there is no rollout chart.' });
  else {
    const unfinished = summary.fleet.clustersUpgrading;
    items.push({
      kind: 'chart', id: 'fleet-gantt', title: 'Rollouts by cluster',
      caption: [
        `Each bar is one cluster's rollout, from start to finish, coloured by cloud${groups.length > 0 ? ' and grouped by upgrade wave' : ''}.${unfinished === 1 ? ' The faded bar is a rollout still unfinished when the run ended.' : unfinished > 1 ? ` Faded bars are the ${unfinished} rollouts still unfinished when the run ended.` : ''}`,
        faults.length > 0 ? 'Red spans are faults: a lane of their own on top, and shading over the rows of the clusters they hit (a zone\'s or a cloud API\'s faults hit the clusters there; a fault on the management cluster, or one that hit every cluster, shades every row).' : 'No faults were injected.',
      ],
      spec: gantt,
    });
  }
  if (faultsOnly !== undefined) {
    items.push({ kind: 'chart', id: 'fleet-faults', title: 'Faults', caption: ['Each bar is one fault, from its start to its end (or the end of the run when it lasts); the Faults table above has what each hit and did.'], spec: faultsOnly });
  }
  const availability = fleetAvailabilitySpec(data.activity.fleet, data.axis, extent);
  if (availability !== undefined) {
    items.push({
      kind: 'chart', id: 'fleet-availability', title: 'Fleet availability',
      caption: [`Available worker nodes (Ready and not being deleted) against the replicas the pools want, across the fleet. Lowest: ${pct(summary.fleet.minAvailableRatio)} at ${formatElapsed(summary.fleet.minAvailableAt)}.`],
      spec: availability,
    });
  }
  return { id: 'fleet', title: 'Fleet', items };
}

function clustersSection(data: ReportData, total: number, extent: number): Section {
  const items: SectionItem[] = [];
  if (data.drawn.length < total) items.push({ kind: 'note', text: `The ${data.drawn.length} most interesting of ${total} clusters: ${INTERESTING_ORDER}. Every cluster is in the table at the end.` });
  for (const cluster of data.drawn) {
    const series = data.activity.series(cluster.name);
    if (series === undefined) continue;
    const counts = DECISIONS.map((d) => `${series.decisions.filter((x) => x.decision === d).length} ${d}`);
    const caption = [
      `Machines by phase, available vs desired nodes (lowest ${pct(cluster.minAvailableRatio)}), and MachineHealthCheck decisions: ${series.decisions.length === 0 ? 'none' : counts.join(', ')}.`,
    ];
    const spells = series.shortCircuits;
    for (const spell of spells.slice(0, 5)) caption.push(`Short-circuit — ${describeShortCircuit(spell)}.`);
    if (spells.length > 5) caption.push(`… and ${spells.length - 5} more short-circuit spells.`);
    items.push({
      kind: 'chart', id: `cluster-${data.drawn.indexOf(cluster) + 1}`, title: `${data.label(cluster.name)} · ${cluster.cloud}/${cluster.region}`,
      caption,
      spec: clusterChartSpec({ series, title: '', axis: data.axis, labelExtent: extent }),
    });
  }
  return { id: 'clusters', title: 'Clusters', items };
}

function cloudSection(input: ReportInput, data: ReportData, extent: number): Section {
  const items: SectionItem[] = [];
  const observe = input.scenario.observe;
  const sampled = observe.cloudCallEvents === 'sampled' && observe.cloudCallSampleRate > 0;
  const spec = cloudCallsSpec({ buckets: data.calls.result(sampled ? 1 / observe.cloudCallSampleRate : 1), width: data.calls.width, axis: data.axis, labelExtent: extent });
  if (spec !== undefined) {
    items.push({
      kind: 'chart', id: 'cloud-calls', title: 'Cloud API calls per minute',
      caption: [`Calls per minute by outcome, per cloud and region.${sampled ? ` Estimated from the ${pct(observe.cloudCallSampleRate)} sample of calls the timeline kept (observe.cloudCallEvents: sampled).` : ''}`],
      spec,
    });
  } else if (observe.cloudCallEvents === 'none') items.push({ kind: 'note', text: 'The scenario keeps no cloud.call events (observe.cloudCallEvents: none); the table below has the totals.' });
  else items.push({ kind: 'note', text: 'No cloud API calls were made (the docker provider has no cloud API).' });
  const table = cloudTable(input.summary);
  if (table !== undefined) items.push({ kind: 'table', table });
  return { id: 'cloud', title: 'Cloud APIs', items };
}

function managementSection(input: ReportInput, data: ReportData, extent: number): Section {
  const items: SectionItem[] = [];
  const spec = controllerSpec({ points: data.controllers.result(data.endedAt), axis: data.axis, labelExtent: extent });
  if (spec !== undefined) {
    items.push({
      kind: 'chart', id: 'controllers', title: 'Controller queues and reconcile latency',
      caption: ['Work-queue depth (the deepest in each interval) and mean reconcile latency of each management-cluster controller that had work.'],
      spec,
    });
  } else items.push({ kind: 'note', text: data.controllers.sampled ? 'No controller had work.' : 'This run recorded no controller.queue samples, so there is no chart over time; the table has the totals.' });
  items.push({ kind: 'table', table: controllersTable(input.summary) });
  return { id: 'management', title: 'Management cluster', items };
}

/** The critical path and its parts (time-went.ts); none for a summary without the analysis. */
function timeWentSection(input: ReportInput): Section[] {
  const timeWent = timeWentTables(input.summary);
  if (timeWent === undefined) return [];
  const items: SectionItem[] = [];
  if (timeWent.note !== undefined) items.push({ kind: 'note', text: timeWent.note });
  for (const table of timeWent.tables) items.push({ kind: 'table', table });
  const notes = rolloutNotesTable(input.summary);
  if (notes !== undefined) items.push({ kind: 'table', table: notes });
  return [{ id: 'time-went', title: 'Where the time went', items }];
}

function faultsSection(input: ReportInput): Section[] {
  const table = faultsTable(input.summary);
  if (table === undefined) return [];
  return [{ id: 'faults', title: 'Faults', items: [table.rows.length === 0 ? { kind: 'note', text: 'No faults were injected.' } : { kind: 'table', table }] }];
}

export function reportSections(input: ReportInput, data: ReportData): Section[] {
  const labels = [
    ...input.summary.clusters.map((c) => data.label(c.name)),
    ...data.faults.spans(data.endedAt).map((f) => f.label),
    ...DECISIONS,
  ];
  const extent = labelExtent(labels);
  return [
    ...timeWentSection(input),
    ...faultsSection(input),
    fleetSection(input, data, extent),
    clustersSection(data, input.summary.clusters.length, extent),
    cloudSection(input, data, extent),
    managementSection(input, data, extent),
    { id: 'cluster-table', title: 'All clusters', items: [{ kind: 'table', table: clustersTable(input.summary) }] },
  ];
}
