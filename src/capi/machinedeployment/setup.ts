/**
 * The MachineDeployment controller's setup (cluster-api@v1.13.5
 * internal/controllers/machinedeployment/machinedeployment_controller.go `SetupWithManager`):
 * For MachineDeployment, Owns MachineSet.
 */

import { cite } from '../../schema/cited.js';
import { CAPI_FLAGS, enqueueOwner, type ControllerSetup } from '../setup.js';
import { KIND } from '../types.js';
import { reconcileMachineDeployment } from './controller.js';

export const MACHINE_DEPLOYMENT_CONTROLLER: ControllerSetup<'machineDeployment', 'machineDeployment'> = {
  name: 'machineDeployment',
  kind: KIND.MachineDeployment,
  settings: { key: 'machineDeployment', concurrency: cite(50, `${CAPI_FLAGS} --machinedeployment-concurrency`) },
  watches: [
    { kind: KIND.MachineSet, handle: (ctx, _type, object) => enqueueOwner(ctx, ctx.controllers.machineDeployment, object, KIND.MachineDeployment) },
  ],
  handlerOrder: 30,
  reconciler: (ctx) => (key) => reconcileMachineDeployment(ctx, key),
};
