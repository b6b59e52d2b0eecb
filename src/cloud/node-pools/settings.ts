/**
 * The rolling-update settings a managed node pool runs with: the pool's own (the MachinePool's
 * maxSurge, maxUnavailable, drainTimeout, soak) over the cloud's (the catalog's `nodePool`
 * defaults with `clouds.<cloud>.nodePool` applied).
 */

import type { Millis } from '../../engine/duration.js';
import type { NodePoolSettings } from '../catalog.js';
import type { IntOrPercent } from '../../kube/intstr.js';
import type { NodePoolSpec } from './node-pool.js';

export interface PoolSettings {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  drainTimeout: Millis;
  soak: Millis;
  onDrainTimeout: 'fail' | 'force';
}

export function poolSettings(spec: NodePoolSpec, cloud: NodePoolSettings): PoolSettings {
  return {
    maxSurge: spec.maxSurge ?? cloud.maxSurge,
    maxUnavailable: spec.maxUnavailable ?? cloud.maxUnavailable,
    drainTimeout: spec.drainTimeout ?? cloud.drainTimeout,
    soak: spec.soak ?? cloud.soak,
    onDrainTimeout: cloud.onDrainTimeout,
  };
}

/** The managed node groups resolve their percents as CAPI does (kube/intstr.ts). */
export { scaledValue } from '../../kube/intstr.js';
