import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { loadScenarioText, importManifests, formatIssue } from '../../src/scenario/index.js';
import { simulate, writeReports } from '../../src/simulate.js';
import { World } from '../../src/world/world.js';
import { renderCapiDump } from '../../src/report/capi/index.js';

const SCENARIO = `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: capi-out
seed: 3
startsAt: 2026-03-02T08:00:00Z
clusters:
  - { name: a, provider: aws, region: eu-west-1, version: v1.34.3, controlPlane: { replicas: 1 }, workers: [{ name: md-0, kind: MachineDeployment, replicas: 3 }],
      healthChecks: [{ name: a-mhc, maxUnhealthy: 40%, unhealthyConditions: [{ type: Ready, status: Unknown, timeout: 5m }] }] }
  - { name: b, namespace: team-b, provider: azure, region: westeurope, version: v1.34.3, controlPlane: { replicas: 1 }, workers: [{ name: md-0, kind: MachineDeployment, replicas: 2 }] }
operations:
  - at: 10m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 }
`;

function scenario() {
  const loaded = loadScenarioText(SCENARIO, 'capi-out.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
  return loaded.scenario;
}

interface Item { kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown>; status: Record<string, unknown> }

describe('--format capi: the fleet as kubectl prints it', () => {
  it('writes a kind: List with status, conditions with lastTransitionTime, timestamps from startsAt; import reads it back', { timeout: 60_000 }, () => {
    const result = simulate(scenario());
    const dump = renderCapiDump(result.world);
    const doc = parse(dump.management) as { kind: string; items: Item[] };
    expect(doc.kind).toBe('List');
    const machines = doc.items.filter((i) => i.kind === 'Machine');
    expect(machines).toHaveLength(2 + 5);
    const fresh = machines.filter((m) => Date.parse(String(m.metadata.creationTimestamp)) > Date.parse('2026-03-02T08:10:00Z'));
    expect(fresh).toHaveLength(7); // every Machine was replaced by the upgrade
    for (const m of fresh) {
      const conditions = m.status.conditions as Array<{ type: string; status: string; lastTransitionTime: string }>;
      const infra = conditions.find((c) => c.type === 'InfrastructureReady')!;
      expect(infra.status).toBe('True');
      expect(Date.parse(infra.lastTransitionTime)).toBeGreaterThan(Date.parse(String(m.metadata.creationTimestamp)));
    }
    expect(doc.items.map((i) => i.kind)).toEqual(expect.arrayContaining(['Cluster', 'AWSCluster', 'AzureCluster', 'KubeadmControlPlane', 'MachineDeployment', 'MachineSet', 'MachineHealthCheck', 'AWSMachineTemplate', 'AzureMachine']));
    const nodes = parse(dump.nodes) as { items: Item[] };
    expect(nodes.items).toHaveLength(7);

    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-capi-'));
    try {
      writeFileSync(join(dir, 'capi.yaml'), dump.management);
      const imported = importManifests([join(dir, 'capi.yaml')], { env: {} });
      if (!imported.ok) throw new Error(imported.errors.map(formatIssue).join('\n'));
      expect(imported.clusters.map((c) => [c.name, c.namespace, c.provider, c.region, c.version])).toEqual([
        ['a', 'default', 'aws', 'eu-west-1', 'v1.35.0'], ['b', 'team-b', 'azure', 'westeurope', 'v1.35.0'],
      ]);
      expect(imported.clusters[0]!.workers[0]).toMatchObject({ name: 'a-md-0', replicas: 3 });
      expect(imported.clusters[0]!.healthChecks[0]).toMatchObject({ maxUnhealthy: '40%' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--at writes the state mid-rollout: a deleting Machine with deletionTimestamp and status.deletion.nodeDrainStartTime; byte-identical on a second run', { timeout: 60_000 }, async () => {
    const result = simulate(scenario());
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-capi-'));
    try {
      const deleting = (text: string) => (parse(text) as { items: Item[] }).items.filter((i) => i.kind === 'Machine' && i.metadata.deletionTimestamp !== undefined);
      let found = false;
      for (const minutes of [12, 13, 14, 15, 16, 17, 18]) {
        await writeReports(result, dir, ['capi'], { at: minutes * 60_000 });
        const text = readFileSync(join(dir, 'capi.yaml'), 'utf8');
        const world = new World(result.scenario, { keepEvents: false });
        world.runUntil(minutes * 60_000);
        expect(renderCapiDump(world).management).toBe(text);
        if (deleting(text).some((m) => (m.status.deletion as Record<string, unknown> | undefined)?.nodeDrainStartTime !== undefined)) found = true;
      }
      expect(found).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
