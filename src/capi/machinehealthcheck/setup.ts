/**
 * The MachineHealthCheck controller's setup (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller.go `SetupWithManager`):
 * For MachineHealthCheck; watches Machines (mapped to the health checks of their cluster) and,
 * through the ClusterCache, workload Nodes (controllers.ts `onNodeEvent`); rate limited to one
 * reconcile per object every 15 s (`WithRateLimitInterval`, capi-semantics §4.3, §8.2).
 */

import { keyOf } from '../../kube/object.js';
import { CAPI_MHC_RATE_LIMITER } from '../../kube/rate-limiter.js';
import { cite } from '../../schema/cited.js';
import { CAPI_FLAGS, clusterKeyForObject, type ControllerSetup } from '../setup.js';
import { KIND } from '../types.js';
import { reconcileMachineHealthCheck } from './controller.js';

export const MACHINE_HEALTH_CHECK_CONTROLLER: ControllerSetup<'machineHealthCheck', 'machineHealthCheck'> = {
  name: 'machineHealthCheck',
  kind: KIND.MachineHealthCheck,
  settings: { key: 'machineHealthCheck', concurrency: cite(50, `${CAPI_FLAGS} --machinehealthcheck-concurrency`) },
  rateLimiter: CAPI_MHC_RATE_LIMITER,
  watches: [
    {
      kind: KIND.Machine,
      handle: (ctx, _type, object) => {
        const clusterKey = clusterKeyForObject(object);
        if (clusterKey === undefined) return;
        for (const mhc of ctx.store.listByIndex(KIND.MachineHealthCheck, clusterKey)) ctx.controllers.machineHealthCheck.enqueue(keyOf(mhc));
      },
    },
  ],
  handlerOrder: 70,
  reconciler: (ctx) => (key) => reconcileMachineHealthCheck(ctx, key),
};
