/**
 * The named parts a rollout's time and a fleet's makespan are split into ("where the time went"),
 * in the order an instant is given to them when several are under way at once: a paused
 * management cluster stops everything, a drain a PodDisruptionBudget blocks outranks the work
 * around it, and so on; what none covers is controller work (reconciles, queueing, requeue waits).
 */

export const TIME_PARTS = {
  managementPause: 'management paused',
  maintenanceWindow: 'maintenance-window wait',
  gateHold: 'wave gate hold (Nodes not Ready)',
  soak: 'wave soak (pauseBetween)',
  waitingForSlot: 'waiting to start (maxConcurrentClusters, window)',
  drainBlocked: 'drains blocked by a PodDisruptionBudget',
  cloudThrottling: 'cloud throttling and retries',
  cloudWorkers: 'waiting for a provider worker (CAPA/CAPZ/CAPG concurrency)',
  drain: 'draining Nodes',
  volumeDetach: 'volume detach',
  controlPlane: 'control-plane upgrade (replacement, or the cloud\'s for a managed one)',
  nodePoolUpdate: 'managed node-group update',
  instances: 'waiting for instances (boot + join)',
  deletion: 'instance deletion',
  controllers: 'controller reconciles and queueing',
} as const;

export type TimePartName = keyof typeof TIME_PARTS;

/** A rollout's layers, highest first (observe/time-accounting.ts paints them in this order). */
export const ROLLOUT_PARTS: readonly TimePartName[] = [
  'managementPause', 'drainBlocked', 'cloudThrottling', 'cloudWorkers', 'drain', 'volumeDetach', 'controlPlane', 'nodePoolUpdate', 'instances', 'deletion',
];

/** A part's share of a span: its name, what it is, and its ms (all integer). */
export interface TimePart {
  part: TimePartName;
  label: string;
  ms: number;
  /** Steps of the critical path it appears in (fleet only). */
  count?: number;
}

const ORDER = Object.keys(TIME_PARTS) as TimePartName[];

/** Nonzero amounts, biggest first (ties in TIME_PARTS order). */
export function timeParts(amounts: ReadonlyMap<TimePartName, number>, counts?: ReadonlyMap<TimePartName, number>): TimePart[] {
  return ORDER.filter((part) => (amounts.get(part) ?? 0) > 0)
    .map((part) => ({ part, label: TIME_PARTS[part], ms: amounts.get(part) as number, ...(counts === undefined ? {} : { count: counts.get(part) ?? 0 }) }))
    .sort((a, b) => b.ms - a.ms || ORDER.indexOf(a.part) - ORDER.indexOf(b.part));
}
