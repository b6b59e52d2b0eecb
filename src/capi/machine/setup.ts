/**
 * The Machine controller's setup (cluster-api@v1.13.5 internal/controllers/machine/machine_controller.go
 * `SetupWithManager`): For Machine; watches its infrastructure machine (the infrastructureRef it
 * owns), including a MachinePool instance's, whose Machine has the same name. Workload Node events
 * reach it through the ClusterCache (controllers.ts `onNodeEvent`).
 */

import { objectKey } from '../../kube/object.js';
import { cite } from '../../schema/cited.js';
import { CAPI_FLAGS, enqueueOwner, type ControllerSetup } from '../setup.js';
import { KIND, type InfraMachine } from '../types.js';
import { reconcileMachine } from './controller.js';

export const MACHINE_CONTROLLER: ControllerSetup<'machine', 'machine'> = {
  name: 'machine',
  kind: KIND.Machine,
  settings: { key: 'machine', concurrency: cite(100, `${CAPI_FLAGS} --machine-concurrency`) },
  watches: [
    { kind: KIND.InfraMachine, handle: (ctx, _type, object) => enqueueOwner(ctx, ctx.controllers.machine, object, KIND.Machine) },
    {
      kind: KIND.InfraMachine,
      handle: (ctx, _type, object) => {
        const infra = object as InfraMachine;
        if (infra.spec.pool === undefined) return;
        // A pool instance's InfraMachine: its Machine (same name) watches it as its infrastructureRef.
        const machineKey = objectKey(KIND.Machine, infra.metadata.namespace, infra.metadata.name);
        if (ctx.store.getByKey(machineKey) !== undefined) ctx.controllers.machine.enqueue(machineKey);
      },
    },
  ],
  handlerOrder: 10,
  reconciler: (ctx) => (key) => reconcileMachine(ctx, key),
};
