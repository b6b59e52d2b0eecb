/**
 * Issue 14: names never collide in big pools. One cluster with a pool of 200 and one of 2,000
 * Machines, for several seeds (77 and 78 crashed at t=0 with "InfraMachine … already exists" before
 * generated names were redrawn; kube/generate-name.ts): every Machine and InfraMachine builds, and
 * every name is unique and of the generateName shape.
 */

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import { simulate } from '../../src/simulate.js';
import { scenarioFromYaml } from '../helpers/scenario.js';

const scenario = (seed: number) => `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: big-pools
seed: ${seed}
horizon: 1m
clusters:
  - name: big
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: small, kind: MachineDeployment, replicas: 200 }
      - { name: large, kind: MachineDeployment, replicas: 2000 }
`;

describe('big pools never collide on generated names', () => {
  it.each([77, 78, 3, 12])('pools of 200 and 2,000 Machines build for seed %i', (seed) => {
    const result = simulate(scenarioFromYaml(scenario(seed)), { keepEvents: false });
    const store = result.world.store;
    for (const kind of ['Machine', 'InfraMachine']) {
      const names = [...store.list<KubeObject>(kind)].map((o) => o.metadata.name);
      expect(names).toHaveLength(2201);
      expect(new Set(names).size).toBe(names.length);
      expect(names.filter((n) => /^big-(small|large)-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toHaveLength(2200);
    }
  }, 120_000);
});
