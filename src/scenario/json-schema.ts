/** The JSON Schema and the defaults table, both generated from the zod schema the loader uses. */

import { z } from 'zod';
import { ScenarioSchema } from './schema.js';
import { CONTEXTUAL_DEFAULTS, DEFAULTS } from './defaults.js';
import { cloudDefaultsTable } from './cloud-defaults.js';

/** JSON Schema (draft 2020-12) of a scenario file, describing the input as users write it. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: 'urn:fleetsim:scenario:v1alpha1', ...schema };
}

export interface DefaultRow {
  path: string;
  default: string;
  source: string;
}

/**
 * Every defaulted field with its value and citation: the plain defaults found by walking the JSON
 * Schema (each carries `default` and `defaultSource`), the defaults that depend on other fields,
 * then the clouds' models (cloud-defaults.ts).
 */
export function defaultsTable(): DefaultRow[] {
  const rows: DefaultRow[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item) => visit(item, path));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    // A generator's template repeats the cluster fields: its defaults are the clusters' defaults.
    if (path.includes('generate.template')) return;
    if ('default' in record && path !== '') {
      const source = typeof record.defaultSource === 'string' ? record.defaultSource : 'fleetsim';
      const value = typeof record.default === 'string' ? record.default : JSON.stringify(record.default);
      const existing = rows.find((row) => row.path === path);
      // Two options of a union with the same field (MachineDeployment / MachinePool replicas): one row.
      if (existing && existing.default === value && !existing.source.includes(source)) existing.source += `; ${source}`;
      else if (existing && existing.default !== value) existing.default += ` or ${value}`;
      else if (!existing && value !== '{}' && value !== '[]') rows.push({ path, default: value, source });
    }
    if (typeof record.properties === 'object' && record.properties !== null) {
      for (const [key, child] of Object.entries(record.properties as Record<string, unknown>)) visit(child, path === '' ? key : `${path}.${key}`);
    }
    if (record.items !== undefined) visit(record.items, `${path}[]`);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) if (record[key] !== undefined) visit(record[key], path);
    if (typeof record.additionalProperties === 'object') visit(record.additionalProperties, `${path}.*`);
  };
  visit(scenarioJsonSchema(), '');
  rows.push({ path: 'management.reconcileCost.*', default: `constant ${DEFAULTS.reconcileCostMs.value} ms`, source: DEFAULTS.reconcileCostMs.source });
  rows.push(...CONTEXTUAL_DEFAULTS);
  rows.push(...cloudDefaultsTable());
  return rows;
}
