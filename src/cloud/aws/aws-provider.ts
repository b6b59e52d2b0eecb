/**
 * AWS: EC2 instances as CAPA's AWSMachine controller creates and deletes them.
 * - create: RunInstances (one instance per call), answered with the instance `pending`; CAPA
 *   then describes it every second until it is running;
 * - delete: TerminateInstances, then CAPA describes it once a minute until it is terminated;
 * - each cluster has its own client: CAPA's limiters and the SDK's retry quota;
 * - EKS control planes: `UpdateClusterVersion` to the next minor (CAPA@2cf09d78
 *   pkg/cloud/services/eks/cluster.go `reconcileClusterVersion`), then CAPA blocks in the SDK's
 *   waiter describing the cluster until it is ACTIVE again (CAPA_EKS_WAITER).
 * Provider IDs are `aws:///<zone>/i-<17 hex digits>`, as CAPA writes them.
 */

import { everyInterval, waiterPolls } from '../poll-schedule.js';
import { CloudProvider, type CloudProviderOptions } from '../cloud-provider.js';
import type { InstanceSpec } from '../provider.js';
import { AWS_CATALOG, CAPA_CLIENT_LIMITS, CAPA_EKS_WAITER, CAPA_REQUEUE } from './defaults.js';

export class AwsProvider extends CloudProvider {
  readonly kind = 'aws' as const;
  /** Spreads instance IDs of different accounts and regions apart. */
  private readonly idPrefix: string;

  constructor(options: Omit<CloudProviderOptions, 'catalog'> & { catalog?: CloudProviderOptions['catalog'] }) {
    super({ ...options, catalog: options.catalog ?? AWS_CATALOG }, {
      createAction: 'RunInstances',
      deleteAction: 'TerminateInstances',
      createMode: 'sync',
      syncPlacementErrors: new Set(['capacity', 'quota']),
      pollAction: 'DescribeInstances',
      createPolls: (accepted) => everyInterval(accepted, CAPA_REQUEUE.pendingInstance),
      deletePolls: (accepted) => everyInterval(accepted, CAPA_REQUEUE.deleting),
      // CAPA requeues rather than waits: the reconcile ends with the answer.
      releaseWorker: (accepted) => accepted,
      clientLimits: CAPA_CLIENT_LIMITS,
      controlPlane: {
        updateAction: 'eks.UpdateClusterVersion',
        pollAction: 'eks.DescribeCluster',
        polls: (accepted, random) => waiterPolls(accepted, CAPA_EKS_WAITER, random),
        granularity: 'minor',
      },
    });
    this.idPrefix = fnv1a(`${options.account}/${options.region}`).toString(16).padStart(8, '0');
  }

  protected providerID(spec: InstanceSpec, _name: string, serial: number): string {
    return `aws:///${spec.zone}/i-${this.idPrefix}${serial.toString(16).padStart(9, '0')}`;
  }
}

/** 32-bit FNV-1a: a stable hash for IDs. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
