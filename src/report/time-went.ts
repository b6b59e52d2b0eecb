/**
 * "Where the time went", as the reports show it: the fleet's critical path (summary.json
 * `fleet.criticalPath`: which waves and clusters set the makespan) and its time split into named
 * parts, with the biggest part in one sentence. The same content three ways: two tables for
 * report.md and report.html (`timeWentTables`), a short block of lines under the terminal's
 * cluster table (`timeWentLines`), and a rollout's biggest part for the cluster tables
 * (`mostlyText`). It reads the summary only.
 */

import { formatElapsed } from '../engine/duration.js';
import type { CriticalPath, PathStep } from '../observe/critical-path.js';
import type { TimePart, TimePartName } from '../observe/time-parts.js';
import type { ReportTable } from './html/table-model.js';
import type { Summary } from './summary.js';

/** Short names of the parts, for table cells and the terminal's path line. */
export const SHORT_PART: Record<TimePartName, string> = {
  managementPause: 'management paused',
  maintenanceWindow: 'window wait',
  gateHold: 'gate hold (Nodes not Ready)',
  soak: 'soak',
  waitingForSlot: 'waiting to start',
  drainBlocked: 'PDB-blocked drain',
  cloudThrottling: 'throttling and retries',
  cloudWorkers: 'provider workers',
  drain: 'drains',
  volumeDetach: 'volume detach',
  controlPlane: 'control plane',
  nodePoolUpdate: 'node-group update',
  instances: 'instances (boot + join)',
  deletion: 'instance deletion',
  controllers: 'controllers',
};

/** The part of a rollout (or a step) that took longest, as `control plane 10m20s`, or `—`. */
export function mostlyText(parts: readonly TimePart[] | undefined): string {
  const top = parts?.[0];
  return top === undefined ? '—' : `${SHORT_PART[top.part]} ${formatElapsed(top.ms)}`;
}

function share(ms: number, whole: number): string {
  return whole <= 0 ? '—' : `${Math.round((ms / whole) * 100)}%`;
}

function stepName(step: PathStep, label: (cluster: string) => string): string {
  if (step.kind === 'rollout') return `${step.wave === undefined ? '' : `wave ${step.wave} `}${label(step.cluster ?? '')}`;
  if (step.kind === 'betweenWaves') return `after wave ${step.wave ?? 0}`;
  return step.wave === undefined ? 'waiting to start' : `wave ${step.wave} waiting to start`;
}

/** What the path is of, for headings: the upgrade's makespan or the longest stretch of rollouts. */
function pathSubject(path: CriticalPath): string {
  const what = path.basis === 'upgrade' ? 'makespan' : 'longest stretch of rollouts';
  return `${what} ${formatElapsed(path.duration)}${path.finished ? '' : ', still in progress at the horizon'}`;
}

const NO_PATH = 'No rollout ran, so nothing sets a makespan.';

/**
 * The parts table (biggest first, the sentence as its note) and the path table; a note alone
 * when no rollout ran; nothing for a summary without the analysis (written before it existed).
 */
export function timeWentTables(summary: Summary): { note?: string; tables: ReportTable[] } | undefined {
  const path = summary.fleet.criticalPath;
  if (path === undefined) return undefined;
  if (path === null) return { note: NO_PATH, tables: [] };
  const parts: ReportTable = {
    id: 'time-parts',
    title: `Where the time went (${pathSubject(path)})`,
    header: ['part', 'time', 'share', 'steps'],
    numeric: [1, 2, 3],
    rows: path.parts.map((p) => [p.label, formatElapsed(p.ms), share(p.ms, path.duration), String(p.count ?? 1)]),
    note: capitalise(path.dominant),
  };
  const steps: ReportTable = {
    id: 'critical-path',
    title: 'Critical path',
    header: ['step', 'start', 'end', 'took', 'mostly'],
    numeric: [1, 2, 3],
    rows: path.steps.map((s) => [stepName(s, (c) => c), formatElapsed(s.from), formatElapsed(s.to), formatElapsed(s.to - s.from), mostlyText(s.parts)]),
    note: 'The chain of rollouts and waits that set it, from its start: each wave\'s last cluster to finish, and the wait before the next wave.',
  };
  return { tables: [parts, steps] };
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase()}${text.slice(1)}`;
}

/** `text` in lines of at most `width` characters, breaking at spaces; lines after the first start with `indent`. */
export function wrapText(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
    if (next.length > width && line.trim() !== '') {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = next;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** The terminal's block: the sentence, the path on a line or a few, and the parts with their shares. */
export function timeWentLines(summary: Summary, width: number, label: (cluster: string) => string): string[] {
  const path = summary.fleet.criticalPath;
  if (path === undefined || path === null) return [];
  const lines = wrapText(`where the time went: ${path.dominant}`, width, '  ');
  const hops = path.steps.map((s) => {
    if (s.kind === 'rollout') return `${stepName(s, label)} ${formatElapsed(s.to - s.from)}`;
    const top = s.parts[0];
    return top === undefined ? stepName(s, label) : `${SHORT_PART[top.part]} ${formatElapsed(top.ms)}`;
  });
  lines.push(...wrapText(`  critical path: ${hops.join(' → ')}`, width, '    '));
  const times = path.parts.map((p) => formatElapsed(p.ms));
  const timeWidth = Math.max(...times.map((t) => t.length));
  const labelWidth = Math.max(10, width - timeWidth - 10);
  const names = path.parts.map((p) => (p.label.length > labelWidth ? `${p.label.slice(0, labelWidth - 1)}…` : p.label));
  const nameWidth = Math.max(...names.map((n) => n.length));
  path.parts.forEach((p, i) => lines.push(`  ${(names[i] as string).padEnd(nameWidth)}  ${(times[i] as string).padStart(timeWidth)}  ${share(p.ms, path.duration).padStart(4)}`));
  return lines;
}
