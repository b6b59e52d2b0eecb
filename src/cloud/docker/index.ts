/**
 * Docker in the cloud table: CAPI's test provider (CAPD), with no API, no managed control plane
 * and no node groups. Kinds read on import: CAPD's (cluster-api test/infrastructure/docker) and
 * the in-memory Dev* kinds.
 */

import type { LocalCloud } from '../definition.js';
import { validateDockerOverrides } from '../overrides.js';
import { DockerProvider } from './docker-provider.js';

export const DOCKER: LocalCloud<'docker'> = {
  kind: 'docker',
  title: 'Docker',
  defaultRegion: 'local',
  // CAPD has no zones of its own: a Machine without a failure domain is put with the first one (ASSUMPTION; nothing depends on it).
  zonelessMachineZone: (failureDomains) => failureDomains[0] ?? '',
  zones: (region) => ['a', 'b', 'c'].map((z) => `${region}-${z}`),
  defaultInstanceType: 'docker',
  managedControlPlane: false,
  model: {
    local: { create: (sim, streams, overrides, scope) => new DockerProvider(sim, streams, overrides, scope) },
  },
  validateOverrides: validateDockerOverrides,
  manifests: {
    prefixes: ['Docker', 'Dev'],
    kinds: ['DockerCluster', 'DockerClusterTemplate', 'DockerMachineTemplate', 'DockerMachinePool', 'DockerMachinePoolTemplate', 'DevCluster', 'DevClusterTemplate', 'DevMachineTemplate'],
    infraClusters: {},
    managedControlPlanes: {},
    machineTemplates: {},
    machinePools: { DockerMachinePool: () => ({}) },
  },
};
