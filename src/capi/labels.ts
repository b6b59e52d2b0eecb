/** Labels, annotations and finalizers CAPI uses, by their real names (cluster-api@v1.13.5 api/core/v1beta2/common_types.go). */

export const CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
export const DEPLOYMENT_NAME_LABEL = 'cluster.x-k8s.io/deployment-name';
export const SET_NAME_LABEL = 'cluster.x-k8s.io/set-name';
export const POOL_NAME_LABEL = 'cluster.x-k8s.io/pool-name';
export const CONTROL_PLANE_LABEL = 'cluster.x-k8s.io/control-plane';
export const CONTROL_PLANE_NAME_LABEL = 'cluster.x-k8s.io/control-plane-name';

/**
 * How the management store indexes CAPI's objects: by their cluster-name label, so
 * `store.listByIndex(kind, clusterKey)` lists a workload cluster's objects (`clusterKey` is the
 * cluster's `namespace/name`, as every CAPI object lives in its Cluster's namespace).
 */
export const STORE_INDEX = { label: CLUSTER_NAME_LABEL } as const;

export const PAUSED_ANNOTATION = 'cluster.x-k8s.io/paused';
export const DELETE_MACHINE_ANNOTATION = 'cluster.x-k8s.io/delete-machine';
export const REMEDIATE_MACHINE_ANNOTATION = 'cluster.x-k8s.io/remediate-machine';
export const SKIP_REMEDIATION_ANNOTATION = 'cluster.x-k8s.io/skip-remediation';
export const REVISION_ANNOTATION = 'machinedeployment.clusters.x-k8s.io/revision';
export const DISABLE_MACHINE_CREATE_ANNOTATION = 'cluster.x-k8s.io/disable-machine-create';
export const EXCLUDE_NODE_DRAINING_ANNOTATION = 'machine.cluster.x-k8s.io/exclude-node-draining';
export const UPGRADE_CONCURRENCY_ANNOTATION = 'topology.cluster.x-k8s.io/upgrade-concurrency';
export const DEFER_UPGRADE_ANNOTATION = 'topology.cluster.x-k8s.io/defer-upgrade';
export const HOLD_UPGRADE_SEQUENCE_ANNOTATION = 'topology.cluster.x-k8s.io/hold-upgrade-sequence';
export const KCP_REMEDIATION_IN_PROGRESS_ANNOTATION = 'controlplane.cluster.x-k8s.io/remediation-in-progress';
export const KCP_REMEDIATION_FOR_ANNOTATION = 'controlplane.cluster.x-k8s.io/remediation-for';

export const MACHINE_FINALIZER = 'machine.cluster.x-k8s.io';
export const INFRA_MACHINE_FINALIZER = 'infrastructure.cluster.x-k8s.io/machine';
export const KCP_CLEANUP_HOOK = 'pre-terminate.delete.hook.machine.cluster.x-k8s.io/kcp-cleanup';
