/**
 * Issue 12 case 4, version skew, end to end:
 * - a topology / KubeadmControlPlane bump of more than one minor is refused at load time, exit 2
 *   with file:line:column and the rule cited (cluster-api@v1.13.5 internal/webhooks/cluster.go
 *   `validateTopologyVersionUpdate`: ceiling = current minor + 2, patch 0; KCP webhook
 *   `validateVersion` likewise); EKS, AKS and GKE control planes likewise;
 * - a multi-step upgrade written as one operation per minor runs step after step: the second bump
 *   is refused by the Cluster webhook while the first is still rolling out
 *   (`validateTopologyControlPlaneVersion`, `validateTopologyMachineDeploymentVersions`) and
 *   applied when it completes;
 * - a worker Machine never runs a newer version than the control plane: the cluster's worker
 *   rollout starts only after the control plane is on the new version
 *   (exp/topology/desiredstate/desired_state.go `computeMachineDeploymentVersion`).
 */

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/index.js';
import { compareVersions } from '../../src/capi/version.js';
import { runCli } from '../e2e/helpers.js';
import { tempDir } from '../helpers/temp.js';
import { MINUTE, fleetYaml, ofType, runFleet } from '../faults/helpers.js';

function cluster(name: string, version: string, controlPlane = '{ replicas: 1 }', provider = 'docker'): string {
  return `
  - name: ${name}
    provider: ${provider}
    version: ${version}
    controlPlane: ${controlPlane}
    workers: [{ name: md, kind: MachineDeployment, replicas: 2 }]
`;
}

function upgrade(at: string, version: string, names = '[a]'): string {
  return `
  - at: ${at}
    upgrade:
      clusters: { names: ${names} }
      version: ${version}
`;
}

function errorsOf(text: string): string[] {
  const result = loadScenarioText(text, 'skew.yaml');
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe('version skew (issue 12 case 4)', () => {
  it('v1.33 → v1.35 is a load-time error: exit 2, file:line:column, the CAPI webhook cited', async () => {
    const dir = tempDir('fleetsim-skew-');
    const file = join(dir, 'skew.yaml');
    writeFileSync(file, fleetYaml({ clusters: cluster('a', 'v1.33.4'), operations: upgrade('1m', 'v1.35.0') }));
    const { code, err } = await runCli(['run', file, '--quiet']);
    expect(code).toBe(2);
    expect(err).toMatch(/skew\.yaml:\d+:\d+: operations\[0\]\.upgrade\.version: .*v1\.35\.0 skips a minor version/);
    expect(err).toContain('internal/webhooks/cluster.go validateTopologyVersionUpdate');
    expect(err).toContain('kubeadmcontrolplane.go validateVersion');
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('the ceiling is minor + 2 with patch 0: v1.33.4 → v1.34.99 loads, v1.36.0-rc.1 and v2.0.0 do not', () => {
    expect(errorsOf(fleetYaml({ clusters: cluster('a', 'v1.33.4'), operations: upgrade('1m', 'v1.34.99') }))).toEqual([]);
    expect(errorsOf(fleetYaml({ clusters: cluster('a', 'v1.34.3'), operations: upgrade('1m', 'v1.36.0-rc.1') })).join()).toMatch(/skips a minor/);
    expect(errorsOf(fleetYaml({ clusters: cluster('a', 'v1.34.3'), operations: upgrade('1m', 'v2.0.0') })).join()).toMatch(/skips a minor/);
  });

  it('EKS, AKS and GKE control planes refuse it too, each with its own rule', () => {
    for (const [provider, who] of [['aws', 'EKS'], ['azure', 'AKS'], ['gcp', 'GKE']] as const) {
      const errors = errorsOf(fleetYaml({ clusters: cluster('a', 'v1.33.4', '{ managed: true }', provider), operations: upgrade('1m', 'v1.35.0') }));
      expect(errors.join()).toContain(`${who} refuses it`);
    }
  });

  it('a later operation is compared with the earlier one\'s target: two steps load, the skipping third does not', () => {
    const ops = upgrade('1m', 'v1.34.0') + upgrade('2m', 'v1.35.0') + upgrade('3m', 'v1.37.0');
    const errors = errorsOf(fleetYaml({ clusters: cluster('a', 'v1.33.4'), operations: ops }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/operations\[2\]|v1\.37\.0 skips/);
  });

  it('two steps as two operations: the second is refused while the first rolls out, then applied; workers never lead the control plane', () => {
    const run = runFleet({ clusters: cluster('a', 'v1.33.4', '{ replicas: 3 }'), operations: upgrade('1m', 'v1.34.0') + upgrade('2m', 'v1.35.0') });
    expect(run.outcome.settled).toBe(true);
    const refused = ofType(run.events, 'upgrade.refused');
    expect(refused).toEqual([expect.objectContaining({ t: 2 * MINUTE, cluster: 'default/a', operation: 1, version: 'v1.35.0', current: 'v1.34.0' })]);
    const started = ofType(run.events, 'rollout.started').filter((e) => e.kind === 'upgrade');
    const completed = ofType(run.events, 'rollout.completed').filter((e) => e.kind === 'upgrade');
    expect(started.map((e) => [e.from, e.to])).toEqual([['v1.33.4', 'v1.34.0'], ['v1.34.0', 'v1.35.0']]);
    expect(completed.map((e) => e.to)).toEqual(['v1.34.0', 'v1.35.0']);
    // The second step starts the moment the first completes (the pipeline re-applies it then).
    expect(started[1]!.t).toBe(completed[0]!.t);

    // Kubelet never newer than the API server: no worker Machine of a version is created before the
    // control plane's last Machine of the previous version is gone, i.e. before the CP is on it.
    const created = ofType(run.events, 'machine.created');
    for (const version of ['v1.34.0', 'v1.35.0']) {
      const cp = created.filter((e) => e.version === version && e.owner.startsWith('KubeadmControlPlane/'));
      const workers = created.filter((e) => e.version === version && e.owner.startsWith('MachineSet/'));
      expect(cp).toHaveLength(3);
      expect(workers).toHaveLength(2);
      expect(Math.min(...workers.map((e) => e.t))).toBeGreaterThan(Math.max(...cp.map((e) => e.t)));
    }
    // And no Machine ever skipped a minor: every worker went 1.33 → 1.34 → 1.35.
    const versions = [...new Set(created.filter((e) => e.owner.startsWith('MachineSet/')).map((e) => e.version))].sort(compareVersions);
    expect(versions).toEqual(['v1.33.4', 'v1.34.0', 'v1.35.0']);
  });
});
