/** Rollouts of a cluster, the operations that start them, and a fleet upgrade's waves. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { CLUSTER, optional, type EventDocs, type Fields } from '../event.js';

export type RolloutKind = 'upgrade' | 'image';

interface RolloutFields {
  t: Millis;
  cluster: ClusterKey;
  object: ObjectKey;
  kind: RolloutKind;
  from: string;
  to: string;
}

export interface RolloutStarted extends RolloutFields {
  type: 'rollout.started';
}

export interface RolloutCompleted extends RolloutFields {
  type: 'rollout.completed';
  startedAt: Millis;
  duration: Millis;
}

export interface RolloutStuck extends RolloutFields {
  type: 'rollout.stuck';
  startedAt: Millis;
  reason: string;
}

export interface RolloutSuperseded extends RolloutFields {
  type: 'rollout.superseded';
  startedAt: Millis;
  /** What the newer rollout rolls to. */
  by: string;
}

export interface UpgradeRefused {
  t: Millis;
  type: 'upgrade.refused';
  cluster: ClusterKey;
  object: ObjectKey;
  operation: number;
  version: string;
  current: string;
  reason: string;
}

export interface MoveRefused {
  t: Millis;
  type: 'move.refused';
  operation: number;
  attempt: number;
  final: boolean;
  machinesWithoutNode: number;
  machines: readonly ObjectKey[];
  reason: string;
}

export interface OperationApplied {
  t: Millis;
  type: 'operation.applied';
  operation: number;
  kind: string;
  clusters?: readonly string[];
}

/** A wave gate's reading of the wave's clusters (world's `health`). */
export interface WaveHealthFields {
  allReady: boolean;
  shortCircuits: number;
  remediations: number;
}

interface WaveFields {
  t: Millis;
  operation: number;
  wave: number;
}

export interface WaveStarted extends WaveFields {
  type: 'wave.started';
  clusters: readonly string[];
}

export interface WaveCompleted extends WaveFields {
  type: 'wave.completed';
  clusters: readonly string[];
  duration: Millis;
}

export interface WaveHeld extends WaveFields, WaveHealthFields {
  type: 'wave.held';
  clusters: readonly string[];
}

export interface WaveHalted extends WaveFields, WaveHealthFields {
  type: 'wave.halted';
  clusters: readonly string[];
  clustersNotStarted: number;
}

export interface WaveWaiting extends WaveFields {
  type: 'wave.waiting';
  reason: string;
  until: Millis;
}

export type RolloutEvent = RolloutStarted | RolloutCompleted | RolloutStuck | RolloutSuperseded | UpgradeRefused | MoveRefused | OperationApplied | WaveStarted | WaveCompleted | WaveHeld | WaveHalted | WaveWaiting;

export function rolloutStarted(t: Millis, f: Fields<RolloutStarted>): RolloutStarted {
  return { t, type: 'rollout.started', cluster: f.cluster, object: f.object, kind: f.kind, from: f.from, to: f.to };
}

export function rolloutCompleted(t: Millis, f: Fields<RolloutCompleted>): RolloutCompleted {
  return { t, type: 'rollout.completed', cluster: f.cluster, object: f.object, kind: f.kind, from: f.from, to: f.to, startedAt: f.startedAt, duration: f.duration };
}

export function rolloutStuck(t: Millis, f: Fields<RolloutStuck>): RolloutStuck {
  return { t, type: 'rollout.stuck', cluster: f.cluster, object: f.object, kind: f.kind, from: f.from, to: f.to, startedAt: f.startedAt, reason: f.reason };
}

export function rolloutSuperseded(t: Millis, f: Fields<RolloutSuperseded>): RolloutSuperseded {
  return { t, type: 'rollout.superseded', cluster: f.cluster, object: f.object, kind: f.kind, from: f.from, to: f.to, startedAt: f.startedAt, by: f.by };
}

export function upgradeRefused(t: Millis, f: Fields<UpgradeRefused>): UpgradeRefused {
  return { t, type: 'upgrade.refused', cluster: f.cluster, object: f.object, operation: f.operation, version: f.version, current: f.current, reason: f.reason };
}

export function moveRefused(t: Millis, f: Fields<MoveRefused>): MoveRefused {
  return { t, type: 'move.refused', operation: f.operation, attempt: f.attempt, final: f.final, machinesWithoutNode: f.machinesWithoutNode, machines: f.machines, reason: f.reason };
}

export function operationApplied(t: Millis, f: Fields<OperationApplied>): OperationApplied {
  return { t, type: 'operation.applied', operation: f.operation, kind: f.kind, ...(f.clusters === undefined ? {} : { clusters: f.clusters }) };
}

export function waveStarted(t: Millis, f: Fields<WaveStarted>): WaveStarted {
  return { t, type: 'wave.started', operation: f.operation, wave: f.wave, clusters: f.clusters };
}

export function waveCompleted(t: Millis, f: Fields<WaveCompleted>): WaveCompleted {
  return { t, type: 'wave.completed', operation: f.operation, wave: f.wave, clusters: f.clusters, duration: f.duration };
}

export function waveHeld(t: Millis, f: Fields<WaveHeld>): WaveHeld {
  return { t, type: 'wave.held', operation: f.operation, wave: f.wave, clusters: f.clusters, allReady: f.allReady, shortCircuits: f.shortCircuits, remediations: f.remediations };
}

export function waveHalted(t: Millis, f: Fields<WaveHalted>): WaveHalted {
  return {
    t, type: 'wave.halted', operation: f.operation, wave: f.wave, clusters: f.clusters,
    allReady: f.allReady, shortCircuits: f.shortCircuits, remediations: f.remediations, clustersNotStarted: f.clustersNotStarted,
  };
}

export function waveWaiting(t: Millis, f: Fields<WaveWaiting>): WaveWaiting {
  return { t, type: 'wave.waiting', operation: f.operation, wave: f.wave, reason: f.reason, until: f.until };
}

const CLUSTER_OBJECT = 'the Cluster, `Cluster/namespace/name`';
const ROLLOUT_KIND = '`upgrade` (a Kubernetes version) or `image` (a machine image)';
const OPERATION = 'the upgrade\'s place in the scenario\'s `operations:` (from 0)';
const WAVE = 'the wave\'s number (from 0; the canary wave, when there is one, is 0)';
const WAVE_CLUSTERS = 'the wave\'s cluster names';
const GATE = {
  allReady: 'whether every Node of the wave\'s clusters is Ready',
  shortCircuits: 'MachineHealthCheck short-circuits in the wave\'s clusters since it started',
  remediations: 'remediations in the wave\'s clusters since it started',
} as const;

export const ROLLOUT_EVENTS = {
  'rollout.started': {
    description: 'a cluster began a rollout: a new Kubernetes version or a new machine image',
    fields: { cluster: CLUSTER, object: CLUSTER_OBJECT, kind: ROLLOUT_KIND, from: 'the version or image before', to: 'the version or image it rolls to' },
  },
  'rollout.completed': {
    description: 'a cluster\'s rollout finished: the control plane and every pool are on the new version or image',
    fields: {
      cluster: CLUSTER, object: CLUSTER_OBJECT, kind: ROLLOUT_KIND, from: 'the version or image before', to: 'the version or image it rolled to',
      startedAt: 'when the rollout started (ms)', duration: 'how long it took (ms)',
    },
  },
  'rollout.stuck': {
    description: 'the run ended with this rollout still open; recorded at the end with what held it',
    fields: {
      cluster: CLUSTER, object: CLUSTER_OBJECT, kind: ROLLOUT_KIND, from: 'the version or image before', to: 'the version or image it was rolling to',
      startedAt: 'when the rollout started (ms)', reason: 'what held it, read from the objects (paused, Machines not Running, unhealthy Machines, …)',
    },
  },
  'rollout.superseded': {
    description: 'a newer rollout of the same kind (another image) replaced this one before it completed: it ends here, not completed; the newer one is its own rollout',
    fields: {
      cluster: CLUSTER, object: CLUSTER_OBJECT, kind: ROLLOUT_KIND, from: 'the version or image before', to: 'the version or image it was rolling to',
      startedAt: 'when the rollout started (ms)', by: 'the version or image of the rollout that superseded it',
    },
  },
  'upgrade.refused': {
    description: 'CAPI\'s Cluster webhook refused a version bump because the cluster is still rolling its previous version (cluster-api@v1.13.5 internal/webhooks/cluster.go validateTopologyVersionUpdate); the fleet upgrade applies it again once that rollout completes; recorded once per cluster and operation',
    fields: {
      cluster: CLUSTER, object: CLUSTER_OBJECT, operation: OPERATION, version: 'the version the operation asked for',
      current: 'Cluster.spec.topology.version at the time', reason: 'what the webhook found (control plane or pools not yet on the current version)',
    },
  },
  'move.refused': {
    description: 'clusterctl move refused to start: a Cluster is still provisioning or a Machine has no Node yet (cluster-api@v1.13.5 cmd/clusterctl/client/cluster/mover.go checkProvisioningCompleted); nothing was paused or moved',
    fields: {
      operation: 'the move\'s place in the scenario\'s `operations:` (from 0)',
      attempt: 'which try this was (1 = the first; more with `retry`)',
      final: 'true when the move gave up (no `retry`, or `retry.for` used up): it never happens',
      machinesWithoutNode: 'how many Machines had no Node (status.nodeRef unset)',
      machines: 'the first few of them (up to 5), `Machine/namespace/name`',
      reason: 'clusterctl\'s first error, e.g. `cannot start the move operation while "Machine" ns/name is still provisioning the node`',
    },
  },
  'operation.applied': {
    description: 'a scheduled operation took place (upgrade, rolloutImage, scale, pause, resume, move)',
    fields: {
      operation: 'its place in the scenario\'s `operations:` (from 0)',
      kind: 'upgrade, rolloutImage, scale, pause, resume or move',
      clusters: optional('the cluster names it targets (absent for move)'),
    },
  },
  'wave.started': {
    description: 'a fleet upgrade started a wave of clusters',
    fields: { operation: OPERATION, wave: WAVE, clusters: WAVE_CLUSTERS },
  },
  'wave.completed': {
    description: 'every cluster of a wave finished its upgrade',
    fields: { operation: OPERATION, wave: WAVE, clusters: WAVE_CLUSTERS, duration: 'from the wave\'s start (ms)' },
  },
  'wave.held': {
    description: 'a wave\'s gate did not open yet (Nodes not Ready): the next wave waits, re-checked each minute; recorded once per wave',
    fields: { operation: OPERATION, wave: WAVE, clusters: WAVE_CLUSTERS, ...GATE },
  },
  'wave.halted': {
    description: 'a wave\'s gate failed on a count that can only grow (a short-circuit, remediations over budget): the upgrade stops',
    fields: { operation: OPERATION, wave: WAVE, clusters: WAVE_CLUSTERS, ...GATE, clustersNotStarted: 'clusters in the waves that will not start' },
  },
  'wave.waiting': {
    description: 'the next wave waits for the maintenance window to open',
    fields: { operation: OPERATION, wave: 'the wave that waits', reason: '`maintenance window`', until: 'when the window opens (ms)' },
  },
} as const satisfies EventDocs<RolloutEvent>;
