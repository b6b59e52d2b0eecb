import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/index.js';

const errorsOf = (text: string): string[] => {
  const result = loadScenarioText(text, 'x.yaml');
  return result.ok ? [] : result.errors.map((e) => e.message);
};

describe('a file of CAPI manifests where a scenario is expected', () => {
  it('is named as such, with the kinds it holds, one document or many', () => {
    expect(errorsOf('apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: { name: a }\n---\napiVersion: infrastructure.cluster.x-k8s.io/v1beta2\nkind: AWSCluster\n'))
      .toEqual(['these are CAPI manifests (Cluster, AWSCluster), not a scenario: use `fleetsim import x.yaml` to turn them into one, or list the file in a scenario\'s clusters as `- manifests: x.yaml`']);
    expect(errorsOf('apiVersion: controlplane.cluster.x-k8s.io/v1beta2\nkind: KubeadmControlPlane\n')).toHaveLength(1);
  });

  it('leaves other multi-document files to the "---" message, aliases included (found by the loader fuzz test)', () => {
    expect(errorsOf('<<: *a\n---\n')).toEqual(['expected one YAML document, found 2 (a scenario is a single document: remove the "---" separators)']);
    expect(errorsOf('apiVersion: apps/v1\nkind: Deployment\n---\nkind: X\n')[0]).toMatch(/^expected one YAML document/);
  });
});
