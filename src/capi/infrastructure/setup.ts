/**
 * The infrastructure provider's machine controller (CAPA AWSMachine, CAPZ AzureMachine, CAPG
 * GCPMachine; e.g. cluster-api-provider-aws controllers/awsmachine_controller.go `SetupWithManager`):
 * For its InfraMachine. Its concurrency is the scenario's `infrastructure` setting.
 */

import { cite } from '../../schema/cited.js';
import type { ControllerSetup, SettingsKey } from '../setup.js';
import { KIND } from '../types.js';
import { InfraMachineReconciler } from './controller.js';

export const INFRASTRUCTURE_SETTINGS: SettingsKey<'infrastructure'> = { key: 'infrastructure', concurrency: cite(10, 'CAPA main.go --awsmachine-concurrency (cloud-facts §1.6)') };

export const INFRA_MACHINE_CONTROLLER: ControllerSetup<'infraMachine', 'infrastructure'> = {
  name: 'infraMachine',
  kind: KIND.InfraMachine,
  settings: INFRASTRUCTURE_SETTINGS,
  watches: [],
  handlerOrder: 100,
  reconciler: (ctx) => {
    const infra = new InfraMachineReconciler(ctx);
    return (key) => infra.reconcile(key);
  },
};
