/**
 * The rolling-update settings a managed node pool runs with: the pool's own (the MachinePool's
 * maxSurge, maxUnavailable, drainTimeout, soak) over the cloud's (the catalog's `nodePool`
 * defaults with `clouds.<cloud>.nodePool` applied).
 */

import type { Millis } from '../../engine/duration.js';
import type { NodePoolSettings } from '../catalog.js';
import type { NodePoolSpec, PoolIntOrPercent } from './node-pool.js';

export interface PoolSettings {
  maxSurge: PoolIntOrPercent;
  maxUnavailable: PoolIntOrPercent;
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

/**
 * An int, or a percent of `total` rounded up or down (apimachinery
 * `intstr.GetScaledValueFromIntOrPercent`, capi-semantics.md §0.1).
 */
export function scaledValue(value: PoolIntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (!match) throw new Error(`expected an integer or a percent such as "25%", got "${value}"`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
