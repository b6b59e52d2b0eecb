/**
 * Reading CAPI manifest files into Kubernetes objects that remember where they were written, and
 * the catalogue of kinds fleetsim reads (everything else is listed as ignored, never an error).
 */

import { readRegularFile } from '../read-file.js';
import type { PathSegment, ScenarioIssue } from '../issues.js';
import { formatPath } from '../issues.js';
import { decodeText, MAX_FILE_BYTES, parseDocuments, type Position, type SourceDocument } from '../source.js';
import { substituteVariables } from './substitute.js';
import { isLiveDump } from './live.js';
import { CLOUDS, PROVIDER_KINDS } from '../../cloud/clouds.js';

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  body: Record<string, unknown>;
  file: string;
  /** Where a path inside the object is written. */
  locate(path: readonly PathSegment[], key?: boolean): Position;
}

/** Kinds whose content fleetsim turns into clusters (directly or through references): CAPI's, and each cloud's (its row's `manifests.kinds`). */
export const MODELLED_KINDS: ReadonlySet<string> = new Set([
  'Cluster', 'ClusterClass', 'KubeadmControlPlane', 'KubeadmControlPlaneTemplate', 'MachineDeployment', 'MachineSet', 'MachinePool', 'MachineHealthCheck',
  ...PROVIDER_KINDS.flatMap((provider) => CLOUDS[provider].manifests.kinds),
]);

export interface ReadResult {
  objects: ManifestObject[];
  errors: ScenarioIssue[];
  warnings: ScenarioIssue[];
}

export interface ReadOptions {
  lookup: (name: string) => string | undefined;
  /** The namespace of objects that name none (clusterctl `--target-namespace`; default `default`). */
  defaultNamespace?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads, substitutes and parses each file; objects keep their file order. */
export function readManifestFiles(paths: readonly string[], options: ReadOptions): ReadResult {
  const result: ReadResult = { objects: [], errors: [], warnings: [] };
  for (const file of paths) readManifestFile(file, options, result);
  return result;
}

function readManifestFile(file: string, options: ReadOptions, result: ReadResult): void {
  const fileIssue = (message: string, line = 0, column = 0): ScenarioIssue => ({ file, line, column, path: '', message });
  const read = readRegularFile(file, MAX_FILE_BYTES);
  if (!read.ok) {
    result.errors.push(fileIssue(read.message === 'file not found' ? 'manifest file not found' : read.message));
    return;
  }
  const decoded = decodeText(read.bytes, file);
  if (!decoded.ok) {
    result.errors.push(decoded.error);
    return;
  }
  const text = decoded.text;

  // A live dump's `${…}` belong to its objects (live.ts): kept as written.
  const substituted = isLiveDump(text) ? { text, missing: [] } : substituteVariables(text, options.lookup, MAX_FILE_BYTES);
  const lineStarts: number[] = [];
  const positionOf = (offset: number): { line: number; column: number } => {
    if (lineStarts.length === 0) {
      lineStarts.push(0);
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  if (substituted.missing.length > 0) {
    // One line for all of them (clusterctl's habit: `clusterctl generate cluster` lists the missing
    // variables together), at the first use.
    const names = [...new Set(substituted.missing.map((m) => m.name))];
    const first = substituted.missing[0]!;
    result.errors.push({
      file, ...positionOf(first.offset), path: '',
      message: names.length === 1
        ? `variable ${first.name} is not set: give it with --var ${first.name}=value (fleetsim import), under the scenario's variables:, in the environment, or as a default \${${first.name}:=value}`
        : `variables ${names.join(', ')} are not set: give each with --var NAME=value (fleetsim import), under the scenario's variables:, or in the environment (fleetsim import --list-variables lists what a template uses)`,
    });
    return;
  }
  if (substituted.oversized !== undefined) {
    const { name, offset, length } = substituted.oversized;
    result.errors.push({
      file, ...positionOf(offset), path: '',
      message: `substituting the variables makes this manifest larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB, the limit (here, by \${${name}}, whose value is ${length.toLocaleString('en-US')} characters); expected short values`,
    });
    return;
  }

  const parsed = parseDocuments(substituted.text, file, { single: false, what: 'CAPI manifests' });
  result.warnings.push(...parsed.warnings);
  if (!parsed.ok) {
    result.errors.push(...parsed.errors);
    return;
  }
  for (const doc of parsed.documents) {
    if (isRecord(doc.value) && doc.value.kind === 'List' && Array.isArray(doc.value.items)) {
      doc.value.items.forEach((item, i) => addObject(item, doc, ['items', i], file, result, options.defaultNamespace));
    } else {
      addObject(doc.value, doc, [], file, result, options.defaultNamespace);
    }
  }
}

function addObject(value: unknown, doc: SourceDocument, base: PathSegment[], file: string, result: ReadResult, defaultNamespace = 'default'): void {
  const at = (path: readonly PathSegment[], key?: boolean) => doc.locate([...base, ...path], key);
  const metadata = isRecord(value) && isRecord(value.metadata) ? value.metadata : undefined;
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || typeof metadata?.name !== 'string') {
    const { line, column } = at([]);
    result.errors.push({ file, line, column, path: formatPath(base), message: 'expected a Kubernetes object with apiVersion, kind and metadata.name' });
    return;
  }
  result.objects.push({
    apiVersion: value.apiVersion,
    kind: value.kind,
    name: metadata.name,
    namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace,
    body: value,
    file,
    locate: at,
  });
}

/** `namespace/name`-keyed lookup by kind. */
export class ObjectIndex {
  private readonly byKey = new Map<string, ManifestObject>();

  constructor(readonly objects: readonly ManifestObject[]) {
    for (const object of objects) this.byKey.set(ObjectIndex.key(object.kind, object.namespace, object.name), object);
  }

  static key(kind: string, namespace: string, name: string): string {
    return `${kind}\u0000${namespace}\u0000${name}`;
  }

  get(kind: string, namespace: string, name: string): ManifestObject | undefined {
    return this.byKey.get(ObjectIndex.key(kind, namespace, name));
  }

  ofKind(kind: string): ManifestObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }
}
