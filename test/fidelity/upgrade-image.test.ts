/**
 * Issue 12 case 5: an upgrade boots the new version's image. With default templates the provider
 * looks the image up by the Machine's Kubernetes version (CAPA pkg/cloud/services/ec2/ami.go
 * `DefaultAMILookup`, CAPZ `GetDefaultLinuxImage`, CAPG `InstanceImageSpec`, CAPD `kind.GetMapping`),
 * so upgraded Machines boot a new image and a broken image for the new version blocks the join
 * (`node.joinBlocked`); a pool that pins its image keeps it through the upgrade.
 */

import { describe, expect, it } from 'vitest';
import { defaultMachineImage } from '../../src/capi/infrastructure/image.js';
import { KIND, type InfraMachine } from '../../src/capi/types.js';
import { MINUTE, ofType, runFleet, type Run } from '../faults/helpers.js';

const UPGRADE = `
  - at: 2m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }
`;

/** Images of the InfraMachines alive at the end, sorted. */
function imagesAtEnd(run: Run): string[] {
  return [...run.world.store.list<InfraMachine>(KIND.InfraMachine)].filter((i) => i.metadata.deletionTimestamp === undefined).map((i) => i.spec.image).sort();
}

describe('an upgrade rolls the default image (issue 12 case 5)', () => {
  it('the provider default image follows the version; CAPG\'s image family is per minor; GKE node images per version', () => {
    expect(defaultMachineImage('aws', 'v1.35.0')).toBe('aws-v1.35.0');
    expect(defaultMachineImage('azure', 'v1.35.1')).toBe('azure-v1.35.1');
    expect(defaultMachineImage('docker', 'v1.34.3')).toBe('docker-v1.34.3');
    expect(defaultMachineImage('gcp', 'v1.34.3')).toBe('gcp-v1.34');
    expect(defaultMachineImage('gcp', 'v1.34.4')).toBe('gcp-v1.34');
    expect(defaultMachineImage('gcp', 'v1.34.3', true)).toBe('gcp-v1.34.3');
  });

  it('default templates: every upgraded Machine boots the new version\'s image', () => {
    const run = runFleet({ horizon: '3h', operations: UPGRADE });
    expect(run.outcome.settled).toBe(true);
    const created = ofType(run.events, 'machine.created');
    expect(created.filter((e) => e.t === 0).every((e) => e.image === 'docker-v1.34.3')).toBe(true);
    const upgraded = created.filter((e) => e.t > 0);
    expect(upgraded).toHaveLength(4);
    expect(upgraded.map((e) => `${e.version} ${e.image}`)).toEqual(Array(4).fill('v1.35.0 docker-v1.35.0'));
    expect(imagesAtEnd(run)).toEqual(Array(4).fill('docker-v1.35.0'));
    expect(ofType(run.events, 'rollout.completed')).toMatchObject([{ cluster: 'default/c', kind: 'upgrade', to: 'v1.35.0' }]);
  });

  it('a badImage fault during the upgrade blocks the new image\'s joins: no false all-clear', () => {
    const run = runFleet({ horizon: '2h', operations: UPGRADE, faults: `
  - at: 1m
    badImage: { clusters: { names: [c] } }
` });
    // The control plane goes first (topology order); its new Machine never joins, so the
    // rollout is stuck at the first step and no worker is upgraded.
    const upgraded = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(upgraded.length).toBeGreaterThan(0);
    // KCP's first surge Machine follows the topology controller's version bump within seconds.
    expect(upgraded[0]!.t).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(upgraded[0]!.t).toBeLessThan(2 * MINUTE + 5_000);
    expect(upgraded.every((e) => e.image === 'docker-v1.35.0' && e.owner.startsWith('KubeadmControlPlane/'))).toBe(true);
    const blocked = ofType(run.events, 'node.joinBlocked');
    expect(blocked.map((e) => e.object).sort()).toEqual(upgraded.map((e) => e.object).sort());
    expect(blocked.every((e) => e.fault === 'badImage' && e.reason === 'image docker-v1.35.0 is bad: the kubelet never registers')).toBe(true);
    // The join is blocked when the kubelet would have registered: after the instance runs, well inside a minute.
    expect(blocked[0]!.t - upgraded[0]!.t).toBeGreaterThan(0);
    expect(blocked[0]!.t - upgraded[0]!.t).toBeLessThan(MINUTE);
    expect(ofType(run.events, 'rollout.completed')).toHaveLength(0);
    expect(run.outcome.settled).toBe(false);
  });

  it('naming the new version\'s image as bad blocks the upgrade; naming the old one does not', () => {
    const fault = (image: string) => `
  - at: 1m
    badImage: { clusters: { names: [c] }, image: ${image} }
`;
    const bad = runFleet({ horizon: '2h', operations: UPGRADE, faults: fault('docker-v1.35.0') });
    expect(ofType(bad.events, 'node.joinBlocked').length).toBeGreaterThan(0);
    expect(ofType(bad.events, 'rollout.completed')).toHaveLength(0);
    const old = runFleet({ horizon: '3h', operations: UPGRADE, faults: fault('docker-v1.34.3') });
    expect(ofType(old.events, 'node.joinBlocked')).toHaveLength(0);
    expect(ofType(old.events, 'rollout.completed')).toHaveLength(1);
  });

  it('a pool with a pinned image keeps it through the upgrade; the rest rolls; the fault spares the pinned pool', () => {
    const clusters = `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 2, image: golden-1 }
      - { name: mp, kind: MachinePool, replicas: 2 }
`;
    const run = runFleet({ horizon: '3h', clusters, operations: UPGRADE });
    expect(run.outcome.settled).toBe(true);
    const upgraded = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    const byPool = (pool: string) => upgraded.filter((e) => e.pool.endsWith(`/c-${pool}`)).map((e) => `${e.version} ${e.image}`);
    expect(byPool('md')).toEqual(['v1.35.0 golden-1', 'v1.35.0 golden-1']);
    expect(byPool('mp')).toEqual(['v1.35.0 docker-v1.35.0', 'v1.35.0 docker-v1.35.0']);
    expect(imagesAtEnd(run)).toEqual(['docker-v1.35.0', 'docker-v1.35.0', 'docker-v1.35.0', 'golden-1', 'golden-1']);

    // badImage without `image`: whatever the rollout brings in is bad; the pinned pool brings nothing new.
    const faulty = runFleet({ horizon: '2h', clusters, operations: UPGRADE, faults: `
  - at: 1m
    badImage: { clusters: { names: [c] } }
` });
    const blocked = ofType(faulty.events, 'node.joinBlocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((e) => e.reason.startsWith('image docker-v1.35.0 '))).toBe(true);
  });

  it('a cluster-level pinned image is kept by every pool and the control plane', () => {
    const run = runFleet({ horizon: '3h', operations: UPGRADE, clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    image: golden-1
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3 }
` });
    expect(run.outcome.settled).toBe(true);
    const created = ofType(run.events, 'machine.created');
    expect(created.filter((e) => e.t > 0)).toHaveLength(4);
    expect(created.every((e) => e.image === 'golden-1')).toBe(true);
  });

  it('after rolloutImage the template pins that image: a later upgrade keeps it', () => {
    const run = runFleet({ horizon: '4h', operations: `
  - at: 1m
    rolloutImage: { clusters: { names: [c] }, image: img-2 }
  - at: 90m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }
` });
    expect(run.outcome.settled).toBe(true);
    const late = ofType(run.events, 'machine.created').filter((e) => e.t >= 90 * MINUTE);
    expect(late).toHaveLength(4);
    expect(late.every((e) => e.image === 'img-2' && e.version === 'v1.35.0')).toBe(true);
  });
});
