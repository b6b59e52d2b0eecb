/**
 * The Cluster controller's setup (cluster-api@v1.13.5 internal/controllers/cluster/cluster_controller.go
 * `SetupWithManager`): For Cluster; watches the control plane (KubeadmControlPlane, or the cloud's
 * managed one) to mirror its state onto the Cluster.
 */

import { cite } from '../../schema/cited.js';
import { CAPI_FLAGS, enqueueCluster, type ControllerSetup, type SettingsKey } from '../setup.js';
import { KIND } from '../types.js';
import { reconcileCluster } from './controller.js';

export const CLUSTER_SETTINGS: SettingsKey<'cluster'> = { key: 'cluster', concurrency: cite(50, `${CAPI_FLAGS} --cluster-concurrency`) };

export const CLUSTER_CONTROLLER: ControllerSetup<'cluster', 'cluster'> = {
  name: 'cluster',
  kind: KIND.Cluster,
  settings: CLUSTER_SETTINGS,
  watches: [
    enqueueCluster((ctx) => ctx.controllers.cluster, KIND.KubeadmControlPlane),
    enqueueCluster((ctx) => ctx.controllers.cluster, KIND.ManagedControlPlane),
  ],
  handlerOrder: 90,
  reconciler: (ctx) => (key) => reconcileCluster(ctx, key),
};
