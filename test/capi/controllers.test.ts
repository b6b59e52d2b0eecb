/** The controller table: each controller's setup names its kind and settings key, and the scenario's keys are theirs. */

import { describe, expect, it } from 'vitest';
import { CONTROLLER_SETTINGS, CONTROLLERS } from '../../src/capi/controllers.js';
import { KIND } from '../../src/capi/types.js';
import { ManagementSchema } from '../../src/scenario/schema.js';
import { World } from '../../src/world/world.js';
import { scenario } from './helpers.js';

describe('the controller table', () => {
  it('gives the scenario its management.controllers keys, with the defaults the setups cite', () => {
    const management = ManagementSchema.parse({});
    expect(Object.keys(management.controllers).sort()).toEqual(CONTROLLER_SETTINGS.map((s) => s.key).sort());
    for (const settings of CONTROLLER_SETTINGS) expect(management.controllers[settings.key]).toBe(settings.concurrency.value);
    // The file's names are a user contract (scenario-format.md): they stay as they were.
    expect(Object.keys(management.controllers).sort()).toEqual(['cluster', 'infrastructure', 'kubeadmControlPlane', 'machine', 'machineDeployment', 'machineHealthCheck', 'machinePool', 'machineSet']);
  });

  it('names each controller once and a CAPI kind for each', () => {
    const names = CONTROLLERS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const setup of CONTROLLERS) expect(Object.values(KIND)).toContain(setup.kind);
  });

  it('runs each controller with the concurrency of its settings key', () => {
    const world = new World(scenario(`management:
  controllers: { infrastructure: 3, cluster: 7, kubeadmControlPlane: 5 }
clusters:
  - { name: c1, provider: docker, version: v1.34.3 }
`));
    const concurrency = Object.fromEntries(world.manager.controllers.map((c) => [c.name, c.concurrency]));
    expect(concurrency).toMatchObject({ infraMachine: 3, infraMachinePool: 3, cluster: 7, topology: 7, kubeadmControlPlane: 5, managedControlPlane: 5, machine: 100 });
    // Registration order is the table's (the order the manager lists, resyncs and samples them).
    expect(world.manager.controllers.map((c) => c.name)).toEqual(CONTROLLERS.map((c) => c.name));
  });
});
