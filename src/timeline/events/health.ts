/** Health checking and remediation: MachineHealthCheck verdicts, short-circuits, and KubeadmControlPlane refusals. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { CLUSTER, MACHINE, optional, type EventDocs, type Fields } from '../event.js';

export interface MhcUnhealthy {
  t: Millis;
  type: 'mhc.unhealthy';
  cluster: ClusterKey;
  object: ObjectKey;
  machine: ObjectKey;
  healthCheck: ObjectKey;
  reason: string;
  message: string;
}

export interface MhcRemediation {
  t: Millis;
  type: 'mhc.remediation';
  cluster: ClusterKey;
  object: ObjectKey;
  machine: ObjectKey;
  by: string;
  retryCount?: number;
}

/** The counts a MachineHealthCheck decided on; `mhc.shortCircuit` and `mhc.shortCircuitEnded` carry the same. */
interface ShortCircuitFields {
  t: Millis;
  cluster: ClusterKey;
  object: ObjectKey;
  healthCheck: ObjectKey;
  unhealthy: number;
  total: number;
  limit: number | string;
  flagged: number;
}

export interface MhcShortCircuit extends ShortCircuitFields {
  type: 'mhc.shortCircuit';
}

export interface MhcShortCircuitEnded extends ShortCircuitFields {
  type: 'mhc.shortCircuitEnded';
}

export interface KcpRemediationRefused {
  t: Millis;
  type: 'kcp.remediationRefused';
  cluster: ClusterKey;
  object: ObjectKey;
  machine: ObjectKey;
  reason: string;
  conditionReason: string;
  message: string;
}

export type HealthEvent = MhcUnhealthy | MhcRemediation | MhcShortCircuit | MhcShortCircuitEnded | KcpRemediationRefused;

export function mhcUnhealthy(t: Millis, f: Fields<MhcUnhealthy>): MhcUnhealthy {
  return { t, type: 'mhc.unhealthy', cluster: f.cluster, object: f.object, machine: f.machine, healthCheck: f.healthCheck, reason: f.reason, message: f.message };
}

export function mhcRemediation(t: Millis, f: Fields<MhcRemediation>): MhcRemediation {
  return { t, type: 'mhc.remediation', cluster: f.cluster, object: f.object, machine: f.machine, by: f.by, ...(f.retryCount === undefined ? {} : { retryCount: f.retryCount }) };
}

/** Written with `type` last, the file format as it has been. */
export function mhcShortCircuit(t: Millis, f: Fields<MhcShortCircuit>): MhcShortCircuit {
  return { t, cluster: f.cluster, object: f.object, healthCheck: f.healthCheck, unhealthy: f.unhealthy, total: f.total, limit: f.limit, flagged: f.flagged, type: 'mhc.shortCircuit' };
}

/** Written with `type` last, as `mhc.shortCircuit`. */
export function mhcShortCircuitEnded(t: Millis, f: Fields<MhcShortCircuitEnded>): MhcShortCircuitEnded {
  return { t, cluster: f.cluster, object: f.object, healthCheck: f.healthCheck, unhealthy: f.unhealthy, total: f.total, limit: f.limit, flagged: f.flagged, type: 'mhc.shortCircuitEnded' };
}

export function kcpRemediationRefused(t: Millis, f: Fields<KcpRemediationRefused>): KcpRemediationRefused {
  return { t, type: 'kcp.remediationRefused', cluster: f.cluster, object: f.object, machine: f.machine, reason: f.reason, conditionReason: f.conditionReason, message: f.message };
}

const CHECK = 'the MachineHealthCheck, `MachineHealthCheck/namespace/name`';
const SHORT_CIRCUIT_FIELDS = {
  cluster: CLUSTER,
  object: CHECK,
  healthCheck: CHECK,
  unhealthy: 'targets not counted healthy (expected − healthy: failing a check or not yet started)',
  total: 'targets the check selects',
  limit: 'maxUnhealthy resolved to a count, or the unhealthyRange text',
  flagged: 'targets failing a check now',
} as const;

export const HEALTH_EVENTS = {
  'mhc.unhealthy': {
    description: 'a MachineHealthCheck marked a Machine unhealthy (HealthCheckSucceeded False)',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      machine: MACHINE,
      healthCheck: CHECK,
      reason: 'UnhealthyNode, NodeStartupTimeout, NodeDeleted, UnhealthyMachine or HasRemediateAnnotation',
      message: 'the condition message: which check failed and for how long',
    },
  },
  'mhc.remediation': {
    description: 'an unhealthy Machine was remediated: deleted by its owner, or handed to an external remediation',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      machine: MACHINE,
      by: 'MachineSet, KubeadmControlPlane, or `external:<Kind>` for an external remediation request',
      retryCount: optional('the KubeadmControlPlane\'s remediation retries so far (KubeadmControlPlane only)'),
    },
  },
  'mhc.shortCircuit': {
    description: 'a MachineHealthCheck began refusing remediation: too many targets are unhealthy (maxUnhealthy, unhealthyRange)',
    fields: SHORT_CIRCUIT_FIELDS,
  },
  'mhc.shortCircuitEnded': {
    description: 'a MachineHealthCheck allows remediation again; the counts are the ones it decided on',
    fields: SHORT_CIRCUIT_FIELDS,
  },
  'kcp.remediationRefused': {
    description: 'a KubeadmControlPlane refused, for now, to remediate one of its Machines (recorded when the reason changes)',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      machine: MACHINE,
      reason: 'inProgress, retryPeriod, maxRetry, lastMachine, machineProvisioning, machineDeleting, etcdMembersUnknown, noHealthyControlPlane, etcdQuorum or noLeaderCandidate',
      conditionReason: 'the OwnerRemediated condition\'s reason it set (CannotBeRemediated, RemediationDeferred), empty when none',
      message: 'the condition message',
    },
  },
} as const satisfies EventDocs<HealthEvent>;
