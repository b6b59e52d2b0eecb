import { describe, expect, it } from 'vitest';
import { defaultsTable, scenarioJsonSchema } from '../../src/scenario/index.js';

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; required?: string[]; additionalProperties?: unknown; default?: unknown };

/** Follows properties/items/anyOf/oneOf to the first node that has `key`. */
function propertyAt(schema: JsonSchema, path: string[]): JsonSchema | undefined {
  let nodes: JsonSchema[] = [schema];
  for (const key of path) {
    const next: JsonSchema[] = [];
    const expand = (node: JsonSchema): void => {
      if (key === '[]' && node.items) next.push(node.items);
      if (node.properties?.[key]) next.push(node.properties[key]!);
      node.anyOf?.forEach(expand);
      node.oneOf?.forEach(expand);
    };
    nodes.forEach(expand);
    nodes = next;
  }
  return nodes[0];
}

describe('JSON Schema and defaults table', () => {
  const schema = scenarioJsonSchema() as JsonSchema & { $schema?: string };

  it('is a draft 2020-12 schema of a strict object with the main properties', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'name', 'seed', 'horizon', 'management', 'clouds', 'clusters', 'operations', 'faults', 'expect', 'variables']));
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'name', 'clusters']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes clusters, workers, health checks, operations and faults', () => {
    for (const path of [
      ['clusters', '[]', 'provider'],
      ['clusters', '[]', 'workers', '[]', 'strategy', 'maxSurge'],
      ['clusters', '[]', 'healthCheck', 'unhealthyConditions'],
      ['clusters', '[]', 'generate', 'spread', 'provider'],
      ['clusters', '[]', 'manifests'],
      ['operations', '[]', 'upgrade', 'waves', 'maintenanceWindow'],
      ['faults', '[]', 'nodeFailures', 'mode'],
      ['clouds', 'aws', 'instanceBoot'],
    ]) {
      expect(propertyAt(schema, path), path.join('.')).toBeDefined();
    }
  });

  it('shows defaults as a user would write them', () => {
    expect(propertyAt(schema, ['horizon'])?.default).toBe('48h');
    expect(propertyAt(schema, ['management', 'controllers', 'machine'])?.default).toBe(100);
    expect(propertyAt(schema, ['clusters', '[]', 'healthCheck', 'nodeStartupTimeout'])?.default).toBe('10m');
  });

  it('lists every defaulted field with a source, without duplicates', () => {
    const rows = defaultsTable();
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(rows.length).toBe(byPath.size);
    for (const row of rows) expect(row.source.length, row.path).toBeGreaterThan(0);
    expect(byPath.get('management.controllers.machine')).toMatchObject({ default: '100', source: expect.stringContaining('capi-semantics §8.1') });
    expect(byPath.get('clusters[].workers[].strategy.maxSurge')).toMatchObject({ default: '1', source: expect.stringContaining('machinedeployment.go') });
    expect(byPath.get('clusters[].healthCheck.maxUnhealthy')).toMatchObject({ default: '100%' });
    expect(byPath.get('clusters[].controlPlane.remediation.minHealthyPeriod')).toMatchObject({ default: '1h' });
    expect(byPath.get('clusters[].topology.upgradeConcurrency')).toMatchObject({ default: '1', source: expect.stringContaining('§7') });
    expect(byPath.get('management.reconcileCost.*')?.source).toContain('ASSUMPTION');
    expect(byPath.get('clusters[].region')?.default).toContain('aws: us-east-1');
    expect([...byPath.keys()].some((p) => p.includes('generate.template'))).toBe(false);
  });
});
