/**
 * What held rollouts up, for every report: waves a gate held or halted (with what the gate saw),
 * rollouts a newer one superseded, and rollouts unfinished at the end of the run — worded "still in
 * progress at the horizon" when the run stopped at its horizon, with what held each one. A table
 * for report.md and report.html, and lines for the terminal. It reads the summary only.
 */

import { formatElapsed } from '../engine/duration.js';
import type { Cell, ReportTable } from './html/table-model.js';
import type { Summary } from './summary.js';

interface Note {
  at: number;
  what: string;
  where: string;
  detail: string;
}

function unfinishedText(summary: Summary): string {
  return summary.stopReason === 'horizon' ? 'still in progress at the horizon' : `unfinished when the run stopped (${summary.stopReason})`;
}

function notes(summary: Summary): Note[] {
  const out: Note[] = [];
  const waves = summary.fleet.waves ?? [];
  const multiple = new Set(waves.map((w) => w.operation)).size > 1;
  for (const w of waves) {
    const name = `wave ${w.wave}${multiple ? ` (operation ${w.operation})` : ''}`;
    const next = waves.find((x) => x.operation === w.operation && x.wave === w.wave + 1);
    if (w.heldAt !== undefined) {
      const until = next === undefined ? (w.haltedAt === undefined ? 'the end of the run' : `its halt at ${formatElapsed(w.haltedAt)}`) : `${formatElapsed(next.startedAt)} (${formatElapsed(next.startedAt - w.heldAt)})`;
      out.push({ at: w.heldAt, what: `${name} held`, where: `${w.clusters.length} clusters`, detail: `gate: ${w.gateReason ?? 'closed'}; the next wave waited until ${until}` });
    }
    if (w.haltedAt !== undefined) {
      out.push({ at: w.haltedAt, what: `${name} halted`, where: `${w.clusters.length} clusters`, detail: `gate: ${w.gateReason ?? 'closed'}; ${w.clustersNotStarted ?? 0} clusters never started` });
    }
  }
  for (const c of summary.clusters) {
    for (const r of c.rollouts) {
      const rollout = `${r.kind} ${r.from} → ${r.to}`;
      if (r.supersededAt !== undefined) out.push({ at: r.supersededAt, what: 'superseded', where: c.name, detail: `${rollout} (from ${formatElapsed(r.startedAt)}) superseded by ${r.supersededBy ?? 'a newer rollout'}` });
      else if (r.completedAt === null) {
        out.push({ at: summary.endedAt, what: 'unfinished', where: c.name, detail: `${rollout} (from ${formatElapsed(r.startedAt)}) ${unfinishedText(summary)}${r.stuckReason === undefined ? '' : `: ${r.stuckReason}`}` });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The table; undefined when nothing was held, halted, superseded or left unfinished. */
export function rolloutNotesTable(summary: Summary): ReportTable | undefined {
  const rows: Cell[][] = notes(summary).map((n) => [formatElapsed(n.at), n.what.endsWith('halted') || n.what === 'unfinished' ? { text: n.what, strong: true } : n.what, n.where, n.detail]);
  if (rows.length === 0) return undefined;
  return { id: 'rollout-notes', title: 'Holds, halts, superseded and unfinished rollouts', header: ['at', 'what', 'where', 'detail'], numeric: [0], rows };
}

/** The terminal's lines: one per note (at most `max`, then how many more). */
export function rolloutNoteLines(summary: Summary, max = 12): string[] {
  const all = notes(summary);
  const lines = all.slice(0, max).map((n) => `${n.what} at ${formatElapsed(n.at)}: ${n.where}: ${n.detail}`);
  if (all.length > max) lines.push(`… and ${all.length - max} more (report.md, report.html)`);
  return lines;
}
