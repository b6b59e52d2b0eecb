/**
 * The field reference of docs/scenario-format.md, generated from the JSON Schema (itself generated
 * from the zod schema the loader uses), so the document lists exactly the fields a file may hold.
 * `npm run docs` rewrites it; test/scenario/reference.test.ts fails when it is out of date.
 */

import { scenarioJsonSchema } from './json-schema.js';
import { DURATION_METRICS, KNOWN_METRICS, type MetricName } from './metrics.js';

interface Row {
  path: string;
  types: string[];
  defaults: string[];
  descriptions: string[];
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The options of a union node, or the node itself. */
function options(node: Node): Node[] {
  const union = (node.anyOf ?? node.oneOf) as unknown;
  return Array.isArray(union) ? union.filter(isNode).flatMap(options) : [node];
}

/**
 * Value kinds the document explains once above the table (a duration, a distribution, a name, …),
 * recognised by the description the schema gives them; their own fields are not listed.
 */
const KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^A duration:/, 'duration'],
  [/^A distribution of durations:/, 'distribution (of durations)'],
  [/^An RFC 1123 name/, 'name'],
  [/^A Kubernetes version/, 'version'],
  [/^A zone \(failure domain\)/, 'zone'],
  [/^An integer ≥ 0 or a percent string/, 'int or percent'],
];

/** The four clouds take the same overrides: one set of rows, `clouds.<cloud>.…`. */
const CLOUD_PATH = /^clouds\.(aws|azure|gcp|docker)(?=\.|$)/;

function kindOf(node: Node): string | undefined {
  if (typeof node.description === 'string') for (const [pattern, kind] of KINDS) if (pattern.test(node.description)) return kind;
  if (isNode(node.properties) && isNode(node.properties.distribution)) return 'distribution';
  return undefined;
}

function scalarType(node: Node): string {
  const kind = kindOf(node);
  if (kind !== undefined) return kind;
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return (node.enum as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
  const type = node.type;
  const types = Array.isArray(type) ? type as string[] : typeof type === 'string' ? [type] : [];
  const named = types.map((t) => {
    switch (t) {
      case 'integer': return typeof node.minimum === 'number' ? `integer ≥ ${node.minimum}` : typeof node.exclusiveMinimum === 'number' ? `integer > ${node.exclusiveMinimum}` : 'integer';
      case 'number': return typeof node.minimum === 'number' ? `number ≥ ${node.minimum}` : 'number';
      case 'array': return 'list';
      case 'object': return isNode(node.properties) ? 'mapping' : 'map';
      default: return t;
    }
  });
  return named.length === 0 ? 'any' : named.join(' or ');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function scenarioFieldRows(): Array<{ path: string; type: string; default: string; description: string }> {
  const rows = new Map<string, Row>();
  const add = (fullPath: string, node: Node): void => {
    const path = fullPath.replace(CLOUD_PATH, 'clouds.<cloud>');
    const row = rows.get(path) ?? { path, types: [], defaults: [], descriptions: [] };
    rows.set(path, row);
    const type = scalarType(node);
    if (!row.types.includes(type)) row.types.push(type);
    if (node.default !== undefined && !row.defaults.includes(text(node.default))) row.defaults.push(text(node.default));
    if (typeof node.description === 'string' && kindOf(node) === undefined && !row.descriptions.includes(node.description)) row.descriptions.push(node.description);
  };
  const visit = (node: Node, path: string, depth: number): void => {
    // A generator's template holds the cluster fields, listed once under clusters[].
    if (depth > 12 || path.includes('.generate.template.')) return;
    for (const option of options(node)) {
      const described = { ...option, ...(node.default === undefined ? {} : { default: node.default }), ...(typeof node.description === 'string' && option.description === undefined ? { description: node.description } : {}) };
      if (path !== '') add(path, described);
      if (kindOf(described) !== undefined) continue;
      if (isNode(option.properties)) {
        for (const [key, child] of Object.entries(option.properties)) if (isNode(child)) visit(child, path === '' ? key : `${path}.${key}`, depth + 1);
      }
      if (isNode(option.items)) visit(option.items, `${path}[]`, depth + 1);
      if (isNode(option.additionalProperties)) visit(option.additionalProperties, `${path}.<name>`, depth + 1);
    }
  };
  visit(scenarioJsonSchema(), '', 0);
  return [...rows.values()].map((row) => ({ path: row.path, type: row.types.join(' or '), default: row.defaults.join(' or '), description: row.descriptions.join(' ') }));
}

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown table of every field: path, type, default, description. */
export function scenarioReferenceMarkdown(): string {
  const lines = ['| field | type | default | description |', '| --- | --- | --- | --- |'];
  for (const row of scenarioFieldRows()) lines.push(`| \`${cell(row.path)}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.description)} |`);
  return lines.join('\n');
}

/** The metrics `expect:` may name, with what each measures. */
export function metricsReferenceMarkdown(): string {
  const lines = ['| metric | what it measures |', '| --- | --- |'];
  for (const [name, meaning] of Object.entries(KNOWN_METRICS)) {
    lines.push(`| \`${name}\` | ${cell(meaning)}${DURATION_METRICS.has(name as MetricName) ? ' (bounds may be durations: `8h`)' : ''} |`);
  }
  return lines.join('\n');
}

const SECTIONS: Record<string, () => string> = { fields: scenarioReferenceMarkdown, metrics: metricsReferenceMarkdown };

/**
 * `document` with every generated section (`<!-- generated:NAME -->` … `<!-- end generated:NAME -->`)
 * replaced by what the schema says today.
 */
export function regenerateSections(document: string): string {
  return document.replace(/(<!-- generated:(\w+) -->)[\s\S]*?(<!-- end generated:\2 -->)/g, (whole, open: string, name: string, close: string) => {
    const render = SECTIONS[name];
    return render === undefined ? whole : `${open}\n${render()}\n${close}`;
  });
}
