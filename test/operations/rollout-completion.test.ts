/**
 * Issue 12 case 7, end to end: a rollout is complete when its last new Machine is available, not
 * when it is created (cluster-api@v1.13.5 internal/controllers/machinedeployment/mdutil/util.go
 * `DeploymentComplete`: upToDate = replicas = available; KubeadmControlPlane: ready and available
 * replicas, controlplane/kubeadm/internal/controllers/status.go `setReplicas`). With maxSurge 0 the
 * last new Machine is created after the last old one is gone, so the difference is its whole boot.
 */

import { describe, expect, it } from 'vitest';
import { SECOND, ofType, runFleet, type Run } from '../faults/helpers.js';

const CLUSTER = (kcp: string, strategy: string) => `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: ${kcp}
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3, minReadySeconds: 30, strategy: ${strategy} }
`;

const UPGRADE = `
  - at: 1m
    upgrade:
      clusters: { names: [c] }
      version: v1.35.0
`;

/** When the last Machine of `owner` kind on the new version turned Ready (its Node Ready=True). */
function lastNewNodeReady(run: Run, ownerKind: string): { created: number; ready: number } {
  const created = ofType(run.events, 'machine.created').filter((e) => e.version === 'v1.35.0' && e.owner.startsWith(`${ownerKind}/`));
  const last = created.reduce((a, b) => (b.t >= a.t ? b : a));
  const ready = ofType(run.events, 'node.condition').find((e) => e.machine === last.object && e.condition === 'Ready' && e.status === 'True');
  expect(ready, `Node of ${last.object} turned Ready`).toBeDefined();
  return { created: last.t, ready: ready!.t };
}

describe('rollout completion (issue 12 case 7)', () => {
  it('maxSurge 0: the upgrade completes after the last new worker is available (Ready + minReadySeconds), not at its creation', () => {
    const run = runFleet({ clusters: CLUSTER('{ replicas: 3, maxSurge: 0 }', '{ maxSurge: 0, maxUnavailable: 1 }'), operations: UPGRADE });
    expect(run.outcome.settled).toBe(true);
    const completed = ofType(run.events, 'rollout.completed').find((e) => e.kind === 'upgrade')!;
    const worker = lastNewNodeReady(run, 'MachineSet');
    // Available = Ready for minReadySeconds (30 s); then the MachineSet, MachineDeployment and
    // topology reconciles observe it (≥ 1 s apart each with ReconcilerRateLimiting).
    expect(completed.t).toBeGreaterThanOrEqual(worker.ready + 30 * SECOND);
    expect(completed.t).toBeLessThanOrEqual(worker.ready + 30 * SECOND + 15 * SECOND);
    expect(completed.t - worker.created).toBeGreaterThan(30 * SECOND);
  });

  it('a cluster of control plane only: the upgrade completes when the last new control-plane Machine is ready and available', () => {
    const clusters = `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 3, maxSurge: 0 }
    workers: []
`;
    const run = runFleet({ clusters, operations: UPGRADE });
    expect(run.outcome.settled).toBe(true);
    const completed = ofType(run.events, 'rollout.completed').find((e) => e.kind === 'upgrade')!;
    const cp = lastNewNodeReady(run, 'KubeadmControlPlane');
    expect(completed.t).toBeGreaterThanOrEqual(cp.ready);
    expect(completed.t).toBeLessThanOrEqual(cp.ready + 15 * SECOND);
    expect(completed.t - cp.created).toBeGreaterThan(10 * SECOND);
  });
});
