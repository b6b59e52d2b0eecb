/**
 * `fleetsim calibrate`: the timings of a real (or simulated) fleet, fitted per cloud, region and
 * instance type, for the model's distributions:
 *
 * | step | measured | the scenario's field |
 * | --- | --- | --- |
 * | boot | creationTimestamp → InfrastructureReady | `clouds.<cloud>.instanceBoot` |
 * | join | InfrastructureReady → Node Ready (NodeReady / NodeHealthy without Nodes) | `clouds.<cloud>.kubeletJoin` |
 * | drain | status.deletion.nodeDrainStartTime → waitForNodeVolumeDetachStartTime | none: pods' evictions (`workloads:`), reported only |
 * | delete | — | `clouds.<cloud>.instanceDelete`: a deleted Machine leaves no object to measure |
 *
 * Every Machine that cannot give a step says why (still provisioning, missing timestamps, clock
 * skew, conditions set at one instant); a group with too few samples is listed, never fitted.
 */

import { resolve as resolvePath } from 'node:path';
import type { ScenarioIssue } from '../scenario/issues.js';
import { ObjectIndex, readManifestFiles } from '../scenario/manifests/objects.js';
import { fitDurations, MIN_SAMPLES, type Fit } from './fit.js';
import { machineTimings, type MachineTiming } from './samples.js';

export type Step = 'boot' | 'join' | 'drain';
export const STEPS: readonly Step[] = ['boot', 'join', 'drain'];
export const STEP_FIELD: Readonly<Record<Step, string | undefined>> = { boot: 'instanceBoot', join: 'kubeletJoin', drain: undefined };

export interface GroupFit {
  cloud: string;
  region: string;
  instanceType: string;
  step: Step;
  n: number;
  fit?: Fit;
  /** Why it was not fitted. */
  reason?: string;
}

export interface CalibrationResult {
  machines: number;
  /** Per cloud (all its regions and instance types): what goes into `clouds:`. */
  clouds: GroupFit[];
  /** Per cloud, region and instance type. */
  groups: GroupFit[];
  /** What could not be measured, counted by reason. */
  unmeasured: Array<{ step: Step | 'delete'; reason: string; machines: number; example: string }>;
}

type Samples = Map<string, { cloud: string; region: string; instanceType: string; step: Step; values: number[] }>;

function measure(t: MachineTiming, add: (step: Step, value: number) => void, skip: (step: Step, reason: string) => void): void {
  const sameInstant = t.infraReady !== undefined && t.infraReady === t.nodeReady;
  if (t.created === undefined) skip('boot', 'no metadata.creationTimestamp');
  else if (t.infraReady === undefined) skip('boot', t.deleting ? 'deleted before its infrastructure was ready' : 'still provisioning (InfrastructureReady is not True)');
  else if (sameInstant) skip('boot', 'InfrastructureReady and Node Ready at the same instant (conditions reset, or the Machine predates what the dump recorded): no timing information');
  else if (t.infraReady < t.created) skip('boot', 'clock skew: InfrastructureReady is earlier than the creationTimestamp');
  else if (t.infraReady === t.created) skip('boot', 'InfrastructureReady at the creation instant: no timing information');
  else add('boot', t.infraReady - t.created);

  if (t.infraReady !== undefined && !sameInstant) {
    if (t.nodeReady === undefined) skip('join', t.deleting ? 'deleted before its Node was Ready' : 'Node not Ready yet (no Ready Node or NodeHealthy condition)');
    else if (t.nodeReady < t.infraReady) skip('join', 'clock skew: Node Ready is earlier than InfrastructureReady');
    else add('join', t.nodeReady - t.infraReady);
  }

  if (t.deleting) {
    if (t.drainStart === undefined) skip('drain', 'deleting, drain not started (or not recorded: status.deletion.nodeDrainStartTime missing)');
    else if (t.drainEnd === undefined) skip('drain', 'still draining');
    else if (t.drainEnd < t.drainStart) skip('drain', 'clock skew: volume detach started before the drain');
    else if (t.drainEnd === t.drainStart) skip('drain', 'drained at once (no pods to evict): no timing information');
    else add('drain', t.drainEnd - t.drainStart);
  }
}

function fitGroup(entry: { cloud: string; region: string; instanceType: string; step: Step; values: number[] }): GroupFit {
  const base = { cloud: entry.cloud, region: entry.region, instanceType: entry.instanceType, step: entry.step, n: entry.values.length };
  if (entry.values.length < MIN_SAMPLES) return { ...base, reason: `too few samples (${entry.values.length}; at least ${MIN_SAMPLES} are needed)` };
  return { ...base, fit: fitDurations(entry.values) };
}

const byKey = <T extends { cloud: string; region: string; instanceType: string; step: Step }>(a: T, b: T): number =>
  a.cloud.localeCompare(b.cloud) || a.region.localeCompare(b.region) || a.instanceType.localeCompare(b.instanceType) || STEPS.indexOf(a.step) - STEPS.indexOf(b.step);

/** Calibrates from Machine timings (already read). */
export function calibrateTimings(timings: readonly MachineTiming[]): CalibrationResult {
  const fine: Samples = new Map();
  const coarse: Samples = new Map();
  const unmeasured = new Map<string, { step: Step | 'delete'; reason: string; machines: number; example: string }>();
  const note = (step: Step | 'delete', reason: string, machine: string) => {
    const key = `${step}\u0000${reason}`;
    const entry = unmeasured.get(key) ?? { step, reason, machines: 0, example: machine };
    entry.machines++;
    unmeasured.set(key, entry);
  };
  for (const t of timings) {
    const add = (step: Step, value: number) => {
      for (const [samples, region, instanceType] of [[fine, t.region, t.instanceType], [coarse, '*', '*']] as const) {
        const key = [t.cloud, region, instanceType, step].join('\u0000');
        const entry = samples.get(key) ?? { cloud: t.cloud, region, instanceType, step, values: [] };
        entry.values.push(value);
        samples.set(key, entry);
      }
    };
    measure(t, add, (step, reason) => note(step, reason, t.machine));
    if (t.deleting) note('delete', 'a deleted Machine leaves no object: instance deletion times cannot be read from a dump (instanceDelete keeps its default)', t.machine);
  }
  return {
    machines: timings.length,
    clouds: [...coarse.values()].map(fitGroup).sort(byKey),
    groups: [...fine.values()].map(fitGroup).sort(byKey),
    unmeasured: [...unmeasured.values()].sort((a, b) => STEPS.indexOf(a.step as Step) - STEPS.indexOf(b.step as Step) || b.machines - a.machines),
  };
}

export type CalibrateOutcome = { ok: true; result: CalibrationResult; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[] };

/** Reads dumps (management objects and, optionally, Nodes) and calibrates. */
export function calibrateFiles(paths: readonly string[]): CalibrateOutcome {
  const read = readManifestFiles(paths.map((p) => resolvePath(p)), { lookup: () => undefined });
  if (read.errors.length > 0) return { ok: false, errors: read.errors };
  const index = new ObjectIndex(read.objects);
  if (index.ofKind('Machine').length === 0) {
    return { ok: false, errors: [{ file: resolvePath(paths[0] ?? ''), line: 0, column: 0, path: '', message: 'no Machine objects in these files: dump them with `kubectl get machines -A -o yaml` (see fleetsim calibrate --help)' }] };
  }
  return { ok: true, result: calibrateTimings(machineTimings(index)), warnings: read.warnings };
}
