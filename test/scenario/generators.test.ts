import { describe, expect, it } from 'vitest';
import type { KubeadmControlPlaneSpec } from '../../src/scenario/index.js';
import { errorAt, errorsOf, loadOk, scenarioYaml } from './helpers.js';

describe('cluster generators', () => {
  it('spreads values round robin and numbers {index} from 1 within each name group', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - generate:
      count: 7
      name: "capi-{provider}-{index}"
      spread: { provider: [aws, azure, gcp] }
      template: { version: v1.34.3, controlPlane: { replicas: 3 }, workers: [{ name: md-0, replicas: 10 }] }
`));
    expect(scenario.clusters.map((c) => c.name)).toEqual(['capi-aws-1', 'capi-azure-1', 'capi-gcp-1', 'capi-aws-2', 'capi-azure-2', 'capi-gcp-2', 'capi-aws-3']);
    expect(scenario.clusters.map((c) => c.provider)).toEqual(['aws', 'azure', 'gcp', 'aws', 'azure', 'gcp', 'aws']);
    for (const c of scenario.clusters) {
      expect((c.controlPlane as KubeadmControlPlaneSpec).replicas).toBe(3);
      expect(c.workers[0]!.replicas).toBe(10);
    }
    // Defaults follow each cluster's own provider.
    expect(scenario.clusters.slice(0, 3).map((c) => c.region)).toEqual(['us-east-1', 'westeurope', 'us-central1']);
  });

  it('numbers all clusters 1…count when the pattern has no other placeholder', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - generate:
      count: 4
      name: "edge-{index}"
      spread: { region: [eu-west-1, us-west-2], version: [v1.33.5, v1.34.3] }
      template: { provider: aws }
`));
    expect(scenario.clusters.map((c) => [c.name, c.region, c.version])).toEqual([
      ['edge-1', 'eu-west-1', 'v1.33.5'],
      ['edge-2', 'us-west-2', 'v1.34.3'],
      ['edge-3', 'eu-west-1', 'v1.33.5'],
      ['edge-4', 'us-west-2', 'v1.34.3'],
    ]);
    expect(scenario.clusters[0]!.zones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('replaces {region} and {version} in names (dots become dashes)', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - generate: { count: 2, name: "k-{version}-{region}-{index}", spread: { version: [v1.33.5, v1.34.3] }, template: { provider: gcp } }
`));
    expect(scenario.clusters.map((c) => c.name)).toEqual(['k-v1-33-5-us-central1-1', 'k-v1-34-3-us-central1-1']);
  });

  it('gives each generated cluster its own objects and health check names', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - generate: { count: 2, name: "g-{index}", template: { provider: docker, version: v1.34.3, workers: [{ name: w }], healthCheck: { maxUnhealthy: 40% } } }
`));
    const [a, b] = scenario.clusters as [typeof scenario.clusters[0], typeof scenario.clusters[0]];
    expect(a.workers[0]).not.toBe(b.workers[0]);
    a.workers[0]!.replicas = 99;
    expect(b.workers[0]!.replicas).toBe(1);
    expect([a.healthChecks[0]!.name, b.healthChecks[0]!.name]).toEqual(['g-1-mhc', 'g-2-mhc']);
  });

  it('keeps generated clusters in file order with explicit ones', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - { name: first, provider: docker, version: v1.34.3 }
  - generate: { count: 2, name: "mid-{index}", template: { provider: docker, version: v1.34.3 } }
  - { name: last, provider: docker, version: v1.34.3 }
`));
    expect(scenario.clusters.map((c) => c.name)).toEqual(['first', 'mid-1', 'mid-2', 'last']);
  });

  it('reports template errors once per distinct spread combination, at the template', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - generate:
      count: 50
      name: "g-{index}"
      spread: { provider: [aws, gcp] }
      template:
        version: v1.34.3
        workers: [{ name: w, zones: [nowhere] }]
`));
    // 50 clusters, two providers (so two zone lists in the messages): two errors, both at the template.
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toMatchObject({ path: 'clusters[0].generate.template.workers[0].zones[0]', line: 11, column: 38 });
  });

  it('reports unknown template fields with did-you-mean', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - generate: { count: 2, name: "g-{index}", template: { provider: aws, version: v1.34.3, worker: [] } }
`));
    expect(errorAt(errors, 'clusters[0].generate.template.worker').message).toBe('unknown field "worker" (did you mean "workers"?)');
  });

  it('checks the name pattern: placeholders, {index}, RFC 1123, uniqueness', () => {
    expect(errorsOf(scenarioYaml('clusters:\n  - generate: { count: 2, name: "g-{indx}", template: { provider: aws, version: v1.34.3 } }\n')).map((e) => e.message))
      .toContain('unknown placeholder "{indx}" in the name pattern (did you mean "index"?) (expected {index}, {provider}, {region}, {version} or {account})');
    const noIndex = errorsOf(scenarioYaml('clusters:\n  - generate: { count: 3, name: "same", template: { provider: aws, version: v1.34.3 } }\n'));
    expect(noIndex[0]!.message).toContain('has no {index}');
    const upper = errorsOf(scenarioYaml('clusters:\n  - generate: { count: 2, name: "Prod-{index}", template: { provider: aws, version: v1.34.3 } }\n'));
    expect(upper.map((e) => e.message)).toEqual([
      '1 more generated name is not an RFC 1123 name',
      expect.stringContaining('generated name for cluster 1: expected an RFC 1123 name'),
    ]);
    const clash = errorsOf(scenarioYaml(`clusters:
  - { name: g-2, provider: docker, version: v1.34.3 }
  - generate: { count: 3, name: "g-{index}", template: { provider: docker, version: v1.34.3 } }
`));
    expect(errorAt(clash, 'clusters[1].generate.name').message).toContain('duplicate cluster name "g-2"');
  });

  it('refuses a field set both in spread and template, and a template name', () => {
    const both = errorsOf(scenarioYaml(`clusters:
  - generate: { count: 2, name: "g-{index}", spread: { provider: [aws] }, template: { provider: gcp, version: v1.34.3 } }
`));
    expect(errorAt(both, 'clusters[0].generate.template.provider').message).toBe('"provider" is set both in spread and in template; keep one');
    const named = errorsOf(scenarioYaml(`clusters:
  - generate: { count: 2, name: "g-{index}", template: { provider: gcp, version: v1.34.3, name: x } }
`));
    expect(errorAt(named, 'clusters[0].generate.template.name').message).toContain('unknown field "name"');
  });

  it('requires a provider and a version from spread or template', () => {
    const errors = errorsOf(scenarioYaml('clusters:\n  - generate: { count: 2, name: "g-{index}" }\n'));
    expect(errors.map((e) => e.message)).toEqual([
      'required field is missing: a provider, in spread.provider or template.provider',
      'required field is missing: a version, in spread.version or template.version',
    ]);
  });

  // How fast: `npm run bench` (input: 20,000 generated clusters); here only what comes out.
  it('expands 20,000 clusters, each with its own name', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - generate: { count: 20000, name: "c-{provider}-{index}", spread: { provider: [aws, azure, gcp] }, template: { version: v1.34.3, workers: [{ name: w, replicas: 5 }] } }
`));
    expect(scenario.clusters).toHaveLength(20_000);
    expect(new Set(scenario.clusters.map((c) => c.name)).size).toBe(20_000);
  });
});
