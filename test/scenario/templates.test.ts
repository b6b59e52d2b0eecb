import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { importManifests, formatIssue } from '../../src/scenario/index.js';
import { fixture, readFixture } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += `${s}\n`; }, err: (s) => { err += `${s}\n`; } });
  return { code, out, err };
}

const gke = fixture('templates/capg-cluster-template-gke.yaml');
const capa = fixture('templates/capa-cluster-template.yaml');
const classOnly = fixture('templates/capg-cluster-template-clusterclass.yaml');

describe('real clusterctl templates (CAPA, CAPG) with clusterctl\'s conventions', () => {
  it('a missing variable list is one line naming them all and pointing at --var', async () => {
    const ran = await cli(['import', capa]);
    expect(ran.code).toBe(2);
    const lines = ran.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('variables CLUSTER_NAME, AWS_REGION, AWS_SSH_KEY_NAME, CONTROL_PLANE_MACHINE_COUNT, KUBERNETES_VERSION, AWS_CONTROL_PLANE_MACHINE_TYPE, WORKER_MACHINE_COUNT, AWS_NODE_MACHINE_TYPE are not set');
    expect(lines[0]).toContain('--var NAME=value');
  });

  it('--list-variables prints one line a variable, required then optional with the default', async () => {
    const ran = await cli(['import', capa, '--list-variables']);
    expect(ran.code).toBe(0);
    expect(ran.out).toContain('Required Variables:\n  - CLUSTER_NAME\n  - AWS_REGION\n');
    expect(ran.out).toMatch(/Optional Variables:\n {2}- KUBERNETES_AWS_CCM_VERSION +\(defaults to "v1\.\d+\.\d+"\)/);
  });

  it('clusterctl\'s generate flags: --kubernetes-version (also for GKE templates that set no version), --worker-machine-count, --control-plane-machine-count, --target-namespace', async () => {
    const ran = await cli(['import', gke, '--var', 'CLUSTER_NAME=gke-1', '--var', 'GCP_PROJECT=p1', '--var', 'GCP_REGION=us-central1', '--var', 'GCP_NETWORK_NAME=default',
      '--kubernetes-version', 'v1.34.3', '--worker-machine-count', '4', '--target-namespace', 'team-g']);
    expect(ran.err).toBe('');
    expect(ran.code).toBe(0);
    const cluster = (parse(ran.out) as { clusters: Array<Record<string, unknown>> }).clusters[0]!;
    expect(cluster).toMatchObject({ name: 'gke-1', namespace: 'team-g', provider: 'gcp', region: 'us-central1', version: 'v1.34.3', controlPlane: { managed: true } });
    expect(cluster.workers).toEqual([expect.objectContaining({ kind: 'MachinePool', replicas: 4 })]);

    const selfManaged = await cli(['import', capa, '--var', 'CLUSTER_NAME=capa-1', '--var', 'AWS_REGION=eu-west-1', '--var', 'AWS_SSH_KEY_NAME=k',
      '--var', 'AWS_CONTROL_PLANE_MACHINE_TYPE=m6i.large', '--var', 'AWS_NODE_MACHINE_TYPE=m6i.xlarge', '--kubernetes-version', 'v1.34.3', '--control-plane-machine-count', '3', '--worker-machine-count', '5']);
    expect(selfManaged.code).toBe(0);
    const c = (parse(selfManaged.out) as { clusters: Array<Record<string, unknown>> }).clusters[0]!;
    expect(c).toMatchObject({ version: 'v1.34.3', controlPlane: { replicas: 3, instanceType: 'm6i.large' } });
    expect(c.workers).toEqual([expect.objectContaining({ replicas: 5, instanceType: 'm6i.xlarge' })]);
  });

  it('a ClusterClass-only file exits 2 and says what to import with it', async () => {
    const vars = ['CLUSTER_CLASS_NAME=gcp-class', 'IMAGE_ID=img', 'GCP_REGION=us-central1', 'GCP_NETWORK_NAME=default', 'GCP_CONTROL_PLANE_MACHINE_TYPE=n2-standard-2', 'GCP_NODE_MACHINE_TYPE=n2-standard-4'].flatMap((v) => ['--var', v]);
    const listed = await cli(['import', classOnly, '--list-variables']);
    const required = [...listed.out.split('Optional')[0]!.matchAll(/- (\S+)/g)].map((m) => m[1]!);
    const extra = required.filter((name) => !vars.some((v) => v.startsWith(`${name}=`))).flatMap((name) => ['--var', `${name}=x`]);
    const ran = await cli(['import', classOnly, ...vars, ...extra]);
    expect(ran.code).toBe(2);
    expect(ran.err).toContain('only ClusterClass default/gcp-class and no Cluster: fleetsim imports Clusters');
    expect(ran.err).toContain('spec.topology.classRef.name: gcp-class');
  });

  it('a placeholder region such as set-by-patch is refused with a suggestion', () => {
    const dir = tempDir('fleetsim-templates-');
    const file = join(dir, 'placeholder.yaml');
    writeFileSync(file, readFixture('manifests/kcp-v1beta2.yaml').replace('region: eu-west-1', 'region: set-by-patch'));
    const result = importManifests([file], { env: {}, variables: { KUBERNETES_VERSION: 'v1.34.3' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const messages = result.errors.map(formatIssue).join('\n');
      expect(messages).toContain('"set-by-patch" is not a region of aws (expected a name such as us-east-1): it looks like a placeholder');
      expect(messages).toContain('--var');
    }
  });
});

describe('one template, many clusters: a manifests: entry with its own variables: and count:', () => {
  it('makes 20 clusters from CAPA\'s cluster-template.yaml, {index} in the variables', async () => {
    const { loadScenarioText } = await import('../../src/scenario/index.js');
    const dir = tempDir('fleetsim-templates-');
    writeFileSync(join(dir, 'cluster-template.yaml'), readFixture('templates/capa-cluster-template.yaml'));
    const text = `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: many
variables: { AWS_SSH_KEY_NAME: k, AWS_CONTROL_PLANE_MACHINE_TYPE: m6i.large, AWS_NODE_MACHINE_TYPE: m6i.xlarge, KUBERNETES_VERSION: v1.34.3 }
clusters:
  - manifests: cluster-template.yaml
    count: 20
    labels: { env: prod }
    variables: { CLUSTER_NAME: "prod-{index}", AWS_REGION: eu-west-1, CONTROL_PLANE_MACHINE_COUNT: 3, WORKER_MACHINE_COUNT: 2 }
`;
    writeFileSync(join(dir, 'many.yaml'), text);
    const loaded = loadScenarioText(text, join(dir, 'many.yaml'));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    expect(loaded.scenario.clusters.map((c) => c.name)).toEqual(Array.from({ length: 20 }, (_, i) => `prod-${i + 1}`));
    expect(loaded.scenario.clusters[7]).toMatchObject({ region: 'eu-west-1', version: 'v1.34.3', labels: { env: 'prod' } });
    expect(loaded.scenario.clusters[7]!.workers[0]).toMatchObject({ replicas: 2 });
  });

  it('a count without {index} in a name gives duplicate clusters, refused by the loader', async () => {
    const { loadScenarioText } = await import('../../src/scenario/index.js');
    const dir = tempDir('fleetsim-templates-');
    writeFileSync(join(dir, 'cluster-template.yaml'), readFixture('templates/capa-cluster-template.yaml'));
    const text = `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: dup\nclusters:\n  - manifests: cluster-template.yaml\n    count: 2\n    variables: { CLUSTER_NAME: same, AWS_REGION: eu-west-1, AWS_SSH_KEY_NAME: k, AWS_CONTROL_PLANE_MACHINE_TYPE: m6i.large, AWS_NODE_MACHINE_TYPE: m6i.xlarge, KUBERNETES_VERSION: v1.34.3, CONTROL_PLANE_MACHINE_COUNT: 1, WORKER_MACHINE_COUNT: 1 }\n`;
    const loaded = loadScenarioText(text, join(dir, 'dup.yaml'));
    expect(loaded.ok).toBe(false);
  });
});
