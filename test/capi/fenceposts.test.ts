/**
 * MachineDeployment arithmetic, ported from CAPI's tests
 * (cluster-api@v1.13.5 internal/controllers/machinedeployment/mdutil/util_test.go; research
 * capi-semantics.md §10 rows 1–11).
 */

import { describe, expect, it } from 'vitest';
import { deploymentComplete, maxUnavailable, newMSNewReplicas, resolveFenceposts } from '../../src/capi/machinedeployment/fenceposts.js';
import { md } from './helpers.js';
import type { IntOrPercent } from '../../src/kube/intstr.js';

describe('ResolveFenceposts (mdutil TestResolveFenceposts, rows 1–3)', () => {
  it('both 0% of 0 replicas → (0, 1): a rollout must be able to move', () => {
    expect(resolveFenceposts('0%', '0%', 0)).toEqual({ surge: 0, unavailable: 1 });
  });
  it('39% of 10: surge rounds up to 4, unavailable rounds down to 3', () => {
    expect(resolveFenceposts('39%', '39%', 10)).toEqual({ surge: 4, unavailable: 3 });
  });
  it.each([
    ['oops', '39%', 10],
    ['55%', 'urg', 10],
    ['5', '1', 7],
  ])('%s / %s of %i is an error (a string that is not a percentage)', (surge, unavailable, desired) => {
    // Untyped input (a manifest's string) is checked when it is resolved.
    expect(() => resolveFenceposts(surge as IntOrPercent, unavailable as IntOrPercent, desired)).toThrow(/not a percentage/);
  });
});

describe('MaxUnavailable (mdutil TestMaxUnavailable, rows 8–9)', () => {
  it.each([
    [10, 5, 5],
    [10, 10, 10],
    [5, 10, 5],
    [0, 10, 0],
    [10, '50%', 5],
    [10, '100%', 10],
    [5, '100%', 5],
  ] as const)('replicas %i, maxUnavailable %s → %i', (replicas, unavailable, expected) => {
    expect(maxUnavailable(md(replicas, 1, unavailable))).toBe(expected);
  });
  it('is 0 for OnDelete', () => {
    expect(maxUnavailable(md(10, 1, 5, 'OnDelete'))).toBe(0);
  });
});

describe('NewMSNewReplicas (mdutil TestNewMSNewReplicas, rows 4–7)', () => {
  // current = Σ max(spec, status) over both MachineSets; the test's MachineSets have no status.
  it('RollingUpdate strategy can not scale up', () => {
    expect(newMSNewReplicas(md(1, 2, 1), 5 + 4, 4)).toEqual({ replicas: 4, note: '9 current Machines >= 1 MachineDeployment spec.replicas + 2 maxSurge' });
  });
  it('RollingUpdate strategy scale up to deploymentReplicas', () => {
    expect(newMSNewReplicas(md(6, 3, 1), 5 + 2, 2)).toEqual({ replicas: 4, note: '7 current Machines < 6 MachineDeployment spec.replicas + 3 maxSurge' });
  });
  it('OnDelete strategy can not scale up', () => {
    expect(newMSNewReplicas(md(1, 2, 1, 'OnDelete'), 3 + 5, 5)).toEqual({ replicas: 5, note: '8 current Machines >= 1 MachineDeployment spec.replicas' });
  });
  it('OnDelete strategy scale up to deploymentReplicas', () => {
    expect(newMSNewReplicas(md(6, 10, 1, 'OnDelete'), 1 + 2, 2)).toEqual({ replicas: 5, note: '3 current Machines < 6 MachineDeployment spec.replicas' });
  });
});

describe('DeploymentComplete (mdutil TestDeploymentComplete, rows 10–11)', () => {
  it.each([
    [5, 5, 5, 4, false],
    [5, 5, 5, 3, false],
    [5, 5, 4, 5, false],
    [1, 2, 1, 1, false],
    [1, 1, 1, 0, false],
    [5, 5, 5, 5, true],
  ])('desired %i, current %i, upToDate %i, available %i → %s', (desired, current, upToDate, available, expected) => {
    expect(deploymentComplete(desired, { replicas: current, upToDateReplicas: upToDate, availableReplicas: available })).toBe(expected);
  });
});

describe('capi-semantics §1.8 worked examples (max machines, min available)', () => {
  it.each([
    [6, 1, 0, 7, 6],
    [10, '25%', '25%', 13, 8],
    [7, 0, 3, 7, 4],
    [5, '30%', '30%', 7, 4],
    [3, 1, 0, 4, 3],
    [2, '0%', '0%', 2, 1],
  ] as const)('%i replicas, surge %s, unavailable %s → ≤%i machines, ≥%i available', (replicas, surge, unavailable, maxMachines, minAvailable) => {
    const f = resolveFenceposts(surge, unavailable, replicas);
    expect(replicas + f.surge).toBe(maxMachines);
    expect(replicas - maxUnavailable(md(replicas, surge, unavailable))).toBe(minAvailable);
  });
});
