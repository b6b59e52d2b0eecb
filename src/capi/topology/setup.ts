/**
 * The topology controller's setup (cluster-api@v1.13.5 internal/controllers/topology/cluster
 * `SetupWithManager`): For Cluster; watches the objects a topology upgrade waits on (control
 * planes, MachineDeployments, MachinePools and their infrastructure, Machines coming and going).
 * Its concurrency and cost are the scenario's `cluster` settings.
 */

import type { InfraMachinePool } from '../types.js';
import { KIND } from '../types.js';
import { CLUSTER_SETTINGS } from '../cluster/setup.js';
import { enqueueCluster, type ControllerSetup } from '../setup.js';
import { reconcileTopology } from './controller.js';

const topology = (kind: string, when?: Parameters<typeof enqueueCluster>[2]) => enqueueCluster((ctx) => ctx.controllers.topology, kind, when);

export const TOPOLOGY_CONTROLLER: ControllerSetup<'topology', 'cluster'> = {
  name: 'topology',
  kind: KIND.Cluster,
  settings: CLUSTER_SETTINGS,
  watches: [
    topology(KIND.MachineDeployment),
    // Topology reads Machine versions and which Machines exist: only creations and deletions change them.
    topology(KIND.Machine, (type) => type !== 'modified'),
    topology(KIND.MachinePool),
    topology(KIND.InfraMachinePool, (_type, object) => !(object as InfraMachinePool).status.updating),
    topology(KIND.KubeadmControlPlane),
    topology(KIND.ManagedControlPlane),
  ],
  handlerOrder: 80,
  reconciler: (ctx) => (key) => reconcileTopology(ctx, key),
};
