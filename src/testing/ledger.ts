/**
 * The fleet's Machines and pools rebuilt from the timeline alone (outputs.md: the timeline is
 * complete on its own). Invariants replay a run's events through a ledger and read its state
 * between events or at the end of each instant.
 *
 * A Machine is *available* while its Node is Ready and the Machine is not being deleted (the same
 * rule as src/observe/availability.ts). It is *down through a fault* when it was available once and
 * is not now because its Node stopped being Ready while it was up, or because it was remediated,
 * or because its deletion began while its Node was not Ready: no controller takes a Machine down
 * that way on purpose.
 */

import type { ObjectKey } from '../kube/keys.js';
import { machineKeyOfNode } from '../capi/context.js';
import { poolParts, type PoolKey } from '../capi/machine/pool.js';
import type { NodeConditionChanged, TimelineEvent } from '../timeline/index.js';

export interface MachineView {
  key: string;
  cluster: string;
  /** `Kind/namespace/name` of its MachineDeployment, KubeadmControlPlane or MachinePool. */
  pool: PoolKey;
  createdAt: number;
  /** The last `machine.phase` (Pending until one is recorded) and when it was entered. */
  phase: string;
  phaseSince: number;
  /** Created while a fault was active, or alive and not yet Ready when one started. */
  sawFault: boolean;
  /** Node conditions by type, as last reported (Ready is 'True' once the Node registered). */
  conditions: Map<string, string>;
  nodeRegistered: boolean;
  everReady: boolean;
  deleting: boolean;
  deletingAt: number | undefined;
  /** An `mhc.remediation` named it. */
  remediated: boolean;
  /** Its Node left Ready while the Machine was not being deleted (and has not come back). */
  lostReady: boolean;
  /** Its deletion began while its Node was not Ready. */
  deletedWhileNotReady: boolean;
}

export interface PoolView {
  key: string;
  cluster: string;
  kind: string;
  /** Unknown until a `pool.replicas` event names the pool. */
  replicas: number | undefined;
  maxSurge: number | undefined;
  maxUnavailable: number | undefined;
  machines: Set<string>;
}

export function isAvailable(machine: MachineView): boolean {
  return machine.conditions.get('Ready') === 'True' && !machine.deleting;
}

/**
 * Unavailable because of a fault: it was available once and lost it other than by a controller
 * deleting it while Ready, or it never became Ready while faults were active.
 */
export function isDownThroughFault(machine: MachineView): boolean {
  if (isAvailable(machine)) return false;
  if (!machine.everReady) return machine.sawFault;
  return machine.remediated || machine.lostReady || machine.deletedWhileNotReady;
}

/** The Machine of a node event (a Node is named after its Machine). */
function machineOfNode(event: NodeConditionChanged): ObjectKey {
  return event.machine ?? machineKeyOfNode(event.cluster, event.node);
}

/** The Machine an event is about, for the event types the ledger follows. */
function machineKeyOf(event: TimelineEvent): string | undefined {
  switch (event.type) {
    case 'node.condition': return machineOfNode(event);
    case 'machine.phase': return event.object;
    case 'mhc.remediation': return event.machine;
    default: return undefined;
  }
}

export class FleetLedger {
  readonly machines = new Map<string, MachineView>();
  readonly pools = new Map<string, PoolView>();
  /** Machines that were deleted, kept so late events about them can be recognised. */
  readonly gone = new Map<string, MachineView>();
  /** Faults started and not ended (a fault without `for` never ends). */
  activeFaults = 0;
  /** Whether the Machine the last `apply` changed was available before that event. */
  wasAvailable = false;

  pool(key: PoolKey, cluster: string): PoolView {
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = { key, cluster, kind: poolParts(key).kind, replicas: undefined, maxSurge: undefined, maxUnavailable: undefined, machines: new Set() };
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Applies one event; returns the Machine it changed, if any (`wasAvailable` tells its state before). */
  apply(event: TimelineEvent): MachineView | undefined {
    const key = machineKeyOf(event);
    const before = key === undefined ? undefined : this.machines.get(key);
    this.wasAvailable = before !== undefined && isAvailable(before);
    return this.change(event);
  }

  private change(event: TimelineEvent): MachineView | undefined {
    switch (event.type) {
      case 'pool.replicas': {
        const pool = this.pool(event.object, event.cluster);
        pool.replicas = event.replicas;
        pool.maxSurge = event.maxSurge;
        pool.maxUnavailable = event.maxUnavailable;
        return undefined;
      }
      case 'machine.created': {
        const key = event.object;
        const pool = event.pool !== '' ? event.pool : event.owner;
        const machine: MachineView = {
          key, cluster: event.cluster, pool, createdAt: event.t, phase: 'Pending', phaseSince: event.t, sawFault: this.activeFaults > 0, conditions: new Map(), nodeRegistered: false, everReady: false,
          deleting: false, deletingAt: undefined, remediated: false, lostReady: false, deletedWhileNotReady: false,
        };
        this.machines.set(key, machine);
        this.pool(pool, machine.cluster).machines.add(key);
        return machine;
      }
      case 'node.condition': {
        const machine = this.machines.get(machineOfNode(event));
        if (machine === undefined) return undefined;
        const { condition, status } = event;
        machine.conditions.set(condition, status);
        if (condition === 'Ready') {
          machine.nodeRegistered = true;
          if (status === 'True') {
            machine.everReady = true;
            machine.lostReady = false;
          } else if (!machine.deleting && machine.everReady) machine.lostReady = true;
        }
        return machine;
      }
      case 'machine.phase': {
        const key = event.object;
        const machine = this.machines.get(key);
        if (machine === undefined) return undefined;
        if (machine.phase !== event.phase) {
          machine.phase = event.phase;
          machine.phaseSince = event.t;
        }
        if ((event.phase === 'Deleting' || event.phase === 'Deleted') && !machine.deleting) {
          machine.deleting = true;
          machine.deletingAt = event.t;
          machine.deletedWhileNotReady = machine.everReady && machine.conditions.get('Ready') !== 'True';
        }
        if (event.phase === 'Deleted') {
          this.machines.delete(key);
          this.gone.set(key, machine);
          this.pools.get(machine.pool)?.machines.delete(key);
        }
        return machine;
      }
      case 'mhc.remediation': {
        const machine = this.machines.get(event.machine);
        if (machine !== undefined) machine.remediated = true;
        return machine;
      }
      case 'fault.started':
        this.activeFaults++;
        for (const machine of this.machines.values()) if (!machine.everReady) machine.sawFault = true;
        return undefined;
      case 'fault.ended':
        this.activeFaults = Math.max(0, this.activeFaults - 1);
        return undefined;
      default:
        return undefined;
    }
  }

  poolMachines(pool: PoolView): MachineView[] {
    const list: MachineView[] = [];
    for (const key of pool.machines) {
      const machine = this.machines.get(key);
      if (machine !== undefined) list.push(machine);
    }
    return list;
  }
}

/**
 * Calls `onEvent` for every event and `onInstantEnd(t)` after the last event of each instant, so
 * checks see the state an instant settles on rather than its intermediate steps.
 */
export function replayInstants(events: readonly TimelineEvent[], onEvent: (event: TimelineEvent) => void, onInstantEnd: (t: number) => void): void {
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    onEvent(event);
    const next = events[i + 1];
    if (next === undefined || next.t !== event.t) onInstantEnd(event.t);
  }
}
