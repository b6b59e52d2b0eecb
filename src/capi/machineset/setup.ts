/**
 * The MachineSet controller's setup (cluster-api@v1.13.5
 * internal/controllers/machineset/machineset_controller.go `SetupWithManager`): For MachineSet,
 * Owns Machine.
 */

import { cite } from '../../schema/cited.js';
import { CAPI_FLAGS, enqueueOwner, type ControllerSetup } from '../setup.js';
import { KIND } from '../types.js';
import { reconcileMachineSet } from './controller.js';

export const MACHINE_SET_CONTROLLER: ControllerSetup<'machineSet', 'machineSet'> = {
  name: 'machineSet',
  kind: KIND.MachineSet,
  settings: { key: 'machineSet', concurrency: cite(50, `${CAPI_FLAGS} --machineset-concurrency`) },
  watches: [
    { kind: KIND.Machine, handle: (ctx, _type, object) => enqueueOwner(ctx, ctx.controllers.machineSet, object, KIND.MachineSet) },
  ],
  handlerOrder: 20,
  reconciler: (ctx) => (key) => reconcileMachineSet(ctx, key),
};
