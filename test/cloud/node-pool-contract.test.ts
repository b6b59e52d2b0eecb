/**
 * The cloud layer's copy of the node-pool contract (src/cloud/node-pools/node-pool.ts) stays
 * assignable both ways with capi's (src/capi/machinepool/node-pool-provider.ts): a type error
 * here means one side changed without the other.
 */

import { describe, expect, it } from 'vitest';
import type * as Capi from '../../src/capi/machinepool/node-pool-provider.js';
import type * as Cloud from '../../src/cloud/node-pools/node-pool.js';
import { SurgeNodePool } from '../../src/capi/machinepool/surge-node-pool.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('node-pool contract', () => {
  it('the cloud layer\'s types match capi\'s', () => {
    const checks: [
      Same<Cloud.NodePoolSpec, Capi.NodePoolSpec>,
      Same<Cloud.NodePoolInstance, Capi.NodePoolInstance>,
      Same<Cloud.NodePoolObservation, Capi.NodePoolObservation>,
      Same<Cloud.NodePoolHost, Capi.NodePoolHost>,
      Same<Cloud.NodePoolProvider, Capi.NodePoolProvider>,
    ] = [true, true, true, true, true];
    const generic: Cloud.NodePoolProvider = new SurgeNodePool();
    expect(checks.every(Boolean)).toBe(true);
    expect(generic.kind).toBe('surge');
  });
});
