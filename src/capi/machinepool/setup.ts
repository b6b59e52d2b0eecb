/**
 * The MachinePool controllers' setups: CAPI's MachinePool controller (cluster-api@v1.13.5
 * internal/controllers/machinepool/machinepool_controller.go `SetupWithManager`: For MachinePool,
 * Owns its Machines, watches its InfraMachinePool and the pool's InfraMachines), and the
 * infrastructure provider's InfraMachinePool controller (CAPA AWSMachinePool, CAPZ
 * AzureMachinePool, …: For InfraMachinePool, watches its MachinePool). The pool controller's
 * concurrency is the scenario's `infrastructure` setting.
 */

import { objectKey } from '../../kube/object.js';
import { cite } from '../../schema/cited.js';
import { INFRASTRUCTURE_SETTINGS } from '../infrastructure/setup.js';
import { POOL_NAME_LABEL } from '../labels.js';
import { CAPI_FLAGS, enqueueOwner, type ControllerSetup } from '../setup.js';
import { KIND, type InfraMachine, type MachinePool } from '../types.js';
import { reconcileMachinePool } from './controller.js';
import { reconcileInfraMachinePool } from './infra-pool-controller.js';

export const MACHINE_POOL_CONTROLLER: ControllerSetup<'machinePool', 'machinePool'> = {
  name: 'machinePool',
  kind: KIND.MachinePool,
  settings: { key: 'machinePool', concurrency: cite(50, `${CAPI_FLAGS} --machinepool-concurrency`) },
  watches: [
    { kind: KIND.Machine, handle: (ctx, _type, object) => enqueueOwner(ctx, ctx.controllers.machinePool, object, KIND.MachinePool) },
    {
      kind: KIND.InfraMachine,
      handle: (ctx, _type, object) => {
        const infra = object as InfraMachine;
        if (infra.spec.pool === undefined) return;
        // CAPI's MachinePool controller creates or drops the Machine of a pool instance.
        const poolName = infra.metadata.labels[POOL_NAME_LABEL];
        if (poolName !== undefined) ctx.controllers.machinePool.enqueue(objectKey(KIND.MachinePool, infra.metadata.namespace, poolName));
      },
    },
    { kind: KIND.InfraMachinePool, handle: (ctx, _type, object) => enqueueOwner(ctx, ctx.controllers.machinePool, object, KIND.MachinePool) },
  ],
  handlerOrder: 50,
  reconciler: (ctx) => (key) => reconcileMachinePool(ctx, key),
};

export const INFRA_MACHINE_POOL_CONTROLLER: ControllerSetup<'infraMachinePool', 'infrastructure'> = {
  name: 'infraMachinePool',
  kind: KIND.InfraMachinePool,
  settings: INFRASTRUCTURE_SETTINGS,
  watches: [
    {
      kind: KIND.InfraMachine,
      handle: (ctx, type, object) => {
        const infra = object as InfraMachine;
        if (infra.spec.pool !== undefined && type === 'deleted') ctx.controllers.infraMachinePool.enqueue(infra.spec.pool);
      },
    },
    {
      kind: KIND.MachinePool,
      handle: (ctx, _type, object) => {
        const ref = (object as MachinePool).spec.template.infrastructureRef;
        ctx.controllers.infraMachinePool.enqueue(objectKey(ref.kind, object.metadata.namespace, ref.name));
      },
    },
  ],
  handlerOrder: 60,
  reconciler: (ctx) => (key) => reconcileInfraMachinePool(ctx, key),
};
