/**
 * The faults section of every report (summary.json `faults`, from observe/fault-effects.ts): each
 * fault with its kind, start, end (or "lasts" when it was still on at the end of the run), blast
 * radius (clusters, zone, Nodes, Machines hit) and effects (Nodes lost, remediations,
 * short-circuits, rollouts that ran under it and for how long, the hit clusters' availability low
 * point). A table for report.md and report.html, and short lines for the terminal.
 */

import { formatElapsed } from '../engine/duration.js';
import type { FaultEffect } from '../observe/fault-effects.js';
import type { Cell, ReportTable } from './html/table-model.js';
import type { Summary } from './summary.js';

function clustersText(f: FaultEffect): string {
  if (f.clusters.includes('*')) return 'all';
  return String(f.clusters.length);
}

function endText(f: FaultEffect): string {
  return f.endedAt === null ? 'lasts' : formatElapsed(f.endedAt);
}

function lowText(f: FaultEffect): string {
  return f.minAvailableAt === null ? '—' : `${(f.minAvailableRatio * 100).toFixed(1)}% at ${formatElapsed(f.minAvailableAt)}`;
}

/** The faults table; undefined for a summary written before the section existed. */
export function faultsTable(summary: Summary): ReportTable | undefined {
  const faults = summary.faults;
  if (faults === undefined) return undefined;
  const rows: Cell[][] = faults.map((f) => [
    f.kind, f.detail === '' ? '—' : f.detail, formatElapsed(f.startedAt), endText(f), clustersText(f), String(f.nodes), String(f.machinesHit), String(f.nodesLost),
    String(f.remediations), String(f.shortCircuits), f.rolloutsOverlapped === 0 ? '0' : `${f.rolloutsOverlapped} (${formatElapsed(f.rolloutOverlapMs)})`, lowText(f),
  ]);
  return {
    id: 'faults',
    title: 'Faults',
    header: ['fault', 'target', 'start', 'end', 'clusters hit', 'nodes', 'machines hit', 'nodes lost', 'remediations', 'short-circuits', 'rollouts under it', 'lowest availability'],
    numeric: [2, 3, 5, 6, 7, 8, 9],
    rows,
    note: 'Effects count in the clusters a fault hit while it lasted and for 30 minutes after (remediations, short-circuits); "lasts" means it was still on when the run ended; "rollouts under it" is how many rollouts ran while it lasted and their time under it.',
  };
}

/** The terminal's short form: one line per fault (none without faults). */
export function faultLines(summary: Summary): string[] {
  const faults = summary.faults ?? [];
  if (faults.length === 0) return [];
  const lines = [`faults: ${faults.length}`];
  for (const f of faults) {
    const radius = `${clustersText(f)} cluster${clustersText(f) === '1' ? '' : 's'}${f.zone === undefined ? '' : ` in ${f.zone}`}`;
    const rollouts = f.rolloutsOverlapped === 0 ? 'no rollout under it' : `${f.rolloutsOverlapped} rollout${f.rolloutsOverlapped === 1 ? '' : 's'} under it for ${formatElapsed(f.rolloutOverlapMs)}`;
    lines.push(`  ${f.kind}${f.detail === '' ? '' : ` (${f.detail})`} ${formatElapsed(f.startedAt)} → ${endText(f)}: ${radius}, ${f.machinesHit} machines hit, ${f.nodesLost} nodes lost, ` +
      `${f.remediations} remediations, ${f.shortCircuits} short-circuits, ${rollouts}, lowest availability ${f.minAvailableAt === null ? '100%' : lowText(f)}`);
  }
  return lines;
}
