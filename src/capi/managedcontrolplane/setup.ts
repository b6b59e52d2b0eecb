/**
 * The cloud's managed control plane controller (CAPA AWSManagedControlPlane, CAPZ
 * AzureManagedControlPlane, CAPG GCPManagedControlPlane): For its control plane object. Its
 * concurrency and cost are the scenario's `kubeadmControlPlane` settings.
 */

import { CONTROL_PLANE_SETTINGS } from '../kubeadmcontrolplane/setup.js';
import type { ControllerSetup } from '../setup.js';
import { KIND } from '../types.js';
import { ManagedControlPlaneReconciler } from './controller.js';

export const MANAGED_CONTROL_PLANE_CONTROLLER: ControllerSetup<'managedControlPlane', 'kubeadmControlPlane'> = {
  name: 'managedControlPlane',
  kind: KIND.ManagedControlPlane,
  settings: CONTROL_PLANE_SETTINGS,
  watches: [],
  handlerOrder: 100,
  reconciler: (ctx) => {
    const managed = new ManagedControlPlaneReconciler(ctx);
    return (key) => managed.reconcile(key);
  },
};
