/**
 * The KubeadmControlPlane controller's setup (cluster-api@v1.13.5
 * controlplane/kubeadm/internal/controllers/controller.go `SetupWithManager`): For
 * KubeadmControlPlane, Owns Machine.
 */

import { cite } from '../../schema/cited.js';
import { enqueueOwner, KCP_FLAGS, type ControllerSetup, type SettingsKey } from '../setup.js';
import { KIND } from '../types.js';
import { reconcileKubeadmControlPlane } from './controller.js';

export const CONTROL_PLANE_SETTINGS: SettingsKey<'kubeadmControlPlane'> = { key: 'kubeadmControlPlane', concurrency: cite(100, `${KCP_FLAGS} --kubeadmcontrolplane-concurrency`) };

export const KUBEADM_CONTROL_PLANE_CONTROLLER: ControllerSetup<'kubeadmControlPlane', 'kubeadmControlPlane'> = {
  name: 'kubeadmControlPlane',
  kind: KIND.KubeadmControlPlane,
  settings: CONTROL_PLANE_SETTINGS,
  watches: [
    { kind: KIND.Machine, handle: (ctx, _type, object) => enqueueOwner(ctx, ctx.controllers.kubeadmControlPlane, object, KIND.KubeadmControlPlane) },
  ],
  handlerOrder: 40,
  reconciler: (ctx) => (key) => reconcileKubeadmControlPlane(ctx, key),
};
