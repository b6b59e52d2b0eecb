/**
 * One pass over a parsed YAML document's node tree, then its conversion to plain data, both linear
 * in the size of the file.
 *
 * The pass refuses what the loader must never see (prototype keys, absurd nesting, keys that are
 * mappings, duplicate keys, over-long strings when limits are given, YAML types that are not plain
 * data) and measures how many values the document expands to once aliases are followed, without
 * expanding it. It also resolves every alias to its anchor, in document order.
 *
 * Why not the yaml library's own checks and `toJS`: its duplicate-key check (`uniqueKeys`) compares
 * each key with every earlier key of its mapping, and its alias resolution scans every anchor and
 * alias before the alias, so a mapping of n keys or a file of n aliases takes n² steps (a valid
 * 949 KB file took 48 s). Here a set per mapping and one anchor table do the same in one step each.
 * The conversion follows yaml's `toJS` (yaml@2.9 nodes/addPairToJSMap.js, schema/yaml-1.1/merge.js):
 * keys become strings, an alias is the value of its anchor, `<<` merges a mapping (or a list of
 * them, earlier ones first) without overriding the keys written in the mapping itself.
 */

import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { PathSegment, ScenarioIssue } from './issues.js';
import { formatPath } from './issues.js';

/** Deeper nesting than this is refused (no scenario needs more than ~12 levels). */
export const MAX_DEPTH = 100;
/** Values a document may expand to once aliases are followed (a billion-laughs guard). */
export const MAX_EXPANDED_NODES = 5_000_000;
/** Keys refused anywhere: they could change object prototypes when the data is copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Issues one document reports at most before the pass stops looking. */
const MAX_ISSUES = 50;

export interface Position {
  line: number;
  column: number;
}

/** A check on every string of the document, key or value: a message when it is refused. */
export type StringCheck = (path: readonly PathSegment[], value: string, isKey: boolean) => string | undefined;
/** A check on every list of the document, by its length: a message when it is refused. */
export type ListCheck = (path: readonly PathSegment[], length: number) => string | undefined;

export interface TreeScan {
  issues: ScenarioIssue[];
  /** Values the document expands to (capped just above MAX_EXPANDED_NODES). */
  size: number;
  /** Each alias's anchor, resolved where the alias is written (the last anchor of that name before it). */
  aliases: Map<Alias, Node>;
}

type Located = Node & { range: [number, number, number] };

function hasRange(node: unknown): node is Located {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function anchorOf(node: unknown): string | undefined {
  return (isMap(node) || isSeq(node) || isScalar(node)) && typeof node.anchor === 'string' && node.anchor !== '' ? node.anchor : undefined;
}

/** The `<<` of a merge (yaml gives it a symbol value when `merge: true`); a quoted "<<" is a plain key. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** A scalar's plain value, or undefined when it is not plain data (a !!binary or a !!timestamp under %YAML 1.1). */
function plainScalar(value: unknown): string | number | boolean | null | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** How yaml turns a scalar key into an object key. */
function keyString(key: unknown): string {
  const value = isScalar(key) ? plainScalar(key.value) : null;
  return value === null || value === undefined ? '' : String(value);
}

const PLAIN_COLLECTION_TAGS = new Set([undefined, 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

export function scanTree(doc: Document.Parsed, file: string, position: (offset: number) => Position, options: { budget?: number; checkString?: StringCheck; checkList?: ListCheck } = {}): TreeScan {
  const budget = options.budget ?? MAX_EXPANDED_NODES;
  const issues: ScenarioIssue[] = [];
  const anchors = new Map<string, Node>();
  const aliases = new Map<Alias, Node>();
  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();
  let recursiveAlias = false;
  let nestedReported = false;

  const at = (node: unknown): Position => (hasRange(node) ? position(node.range[0]) : { line: 1, column: 1 });
  const refuse = (node: unknown, path: readonly PathSegment[], message: string): void => {
    issues.push({ file, ...at(node), path: formatPath(path), message });
  };
  const checkString = (node: unknown, path: readonly PathSegment[], value: string, isKey: boolean): void => {
    if (options.checkString === undefined) return;
    const message = options.checkString(path, value, isKey);
    if (message !== undefined) refuse(node, path, message);
  };

  const visit = (node: unknown, path: PathSegment[], depth: number): number => {
    if (issues.length > MAX_ISSUES) return 1;
    if (depth > MAX_DEPTH) {
      if (!nestedReported) refuse(node, path, `nested more than ${MAX_DEPTH} levels deep; a scenario needs far fewer`);
      nestedReported = true;
      return 1;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) return 1; // yaml reports unresolved aliases itself
      aliases.set(node, target);
      if (inProgress.has(target)) {
        recursiveAlias = true;
        return MAX_EXPANDED_NODES + 1;
      }
      return sizes.get(target) ?? 1;
    }
    const anchor = anchorOf(node);
    const anchored = anchor === undefined ? undefined : (node as Node);
    if (anchored !== undefined) {
      // Registered before the children are visited, so an alias inside its own anchor is caught.
      anchors.set(anchor as string, anchored);
      inProgress.add(anchored);
    }
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      if (!PLAIN_COLLECTION_TAGS.has(node.tag)) refuse(node, path, `the YAML type ${node.tag} is not supported; expected a plain mapping or list`);
    }
    if (isMap(node)) {
      const seen = new Map<unknown, Located | undefined>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isMap(key) || isSeq(key) || isAlias(key)) {
          // yaml would stringify such a key (and print a process warning); no scenario or manifest uses one.
          refuse(key, path, 'expected a plain key (a name), found a mapping, list or alias used as a key');
          continue;
        }
        const keyValue = isScalar(key) ? key.value : null;
        if (!isMergeKey(key)) {
          if (seen.has(keyValue)) {
            const first = seen.get(keyValue);
            const where = first === undefined ? '' : ` (first at line ${position(first.range[0]).line})`;
            refuse(key, path, `YAML syntax: Map keys must be unique; "${keyString(key).slice(0, 80)}" is given twice${where}`);
          } else seen.set(keyValue, hasRange(key) ? key : undefined);
        }
        const segment: PathSegment = typeof keyValue === 'number' ? keyValue : isMergeKey(key) ? '<<' : keyString(key);
        if (typeof keyValue === 'string') {
          if (FORBIDDEN_KEYS.has(keyValue)) refuse(key, [...path, keyValue], `the key "${keyValue}" is not allowed (it could change object prototypes); rename it`);
          checkString(key, [...path, segment], keyValue, true);
        }
        size += visitScalarKey(key, [...path, segment]);
        size += visit(pair.value, [...path, segment], depth + 1);
        if (size > MAX_EXPANDED_NODES) break;
      }
    } else if (isSeq(node)) {
      const items = node.items;
      const tooLong = options.checkList?.(path, items.length);
      if (tooLong !== undefined) {
        refuse(node, path, tooLong);
        return 1; // refused: its items are not looked at
      }
      for (let index = 0; index < items.length && size <= MAX_EXPANDED_NODES; index++) size += visit(items[index], [...path, index], depth + 1);
    } else if (isScalar(node)) {
      const value = node.value;
      if (plainScalar(value) === undefined && !isMergeKey(node)) {
        refuse(node, path, `the YAML type ${node.tag ?? (value instanceof Date ? 'tag:yaml.org,2002:timestamp' : typeof value)} is not supported; expected a string, number, boolean or null`);
      } else if (typeof value === 'string') checkString(node, path, value, false);
    }
    if (anchored !== undefined) {
      inProgress.delete(anchored);
      sizes.set(anchored, size);
    }
    return Math.min(size, MAX_EXPANDED_NODES + 1);
  };
  /** A key is a scalar (others were refused above): it counts as one value, and its type must be plain. */
  const visitScalarKey = (key: unknown, path: PathSegment[]): number => {
    if (isScalar(key) && plainScalar(key.value) === undefined && !isMergeKey(key)) refuse(key, path, `the YAML type ${key.tag ?? typeof key.value} is not supported as a key; expected a name`);
    const anchor = anchorOf(key);
    if (anchor !== undefined) {
      anchors.set(anchor, key as Node);
      sizes.set(key as Node, 1);
    }
    return 1;
  };

  const total = visit(doc.contents, [], 0);
  if (recursiveAlias) {
    issues.push({ file, line: 1, column: 1, path: '', message: 'a YAML alias refers to the node that contains it (a recursive structure); expected plain data' });
  } else if (total > budget) {
    issues.push({ file, line: 1, column: 1, path: '', message: `the document expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values once YAML aliases are followed (an alias bomb?); refusing it` });
  }
  return { issues, size: total, aliases };
}

/** Thrown for a `<<` whose value is not a mapping (or a list of them); the loader reports it with its position. */
export class MergeSourceError extends Error {
  constructor(readonly node: unknown) {
    super('a YAML merge (<<) takes a mapping, an alias of one, or a list of those');
  }
}

/**
 * The document as plain data, after a clean `scanTree` (no recursion, no refused types). An alias
 * is the very value its anchor converted to, as with yaml's `toJS`; a merged mapping is copied.
 */
export function toPlain(doc: Document.Parsed, aliases: ReadonlyMap<Alias, Node>): unknown {
  const values = new Map<Node, unknown>();
  const resolve = (node: unknown): unknown => (isAlias(node) ? aliases.get(node) : node);

  const convert = (node: unknown): unknown => {
    if (isAlias(node)) {
      const target = aliases.get(node);
      if (target === undefined) throw new Error(`unresolved alias *${node.source}`);
      return values.has(target) ? values.get(target) : convert(target);
    }
    let value: unknown;
    if (isScalar(node)) value = plainScalar(node.value) ?? null;
    else if (isSeq(node)) value = node.items.map(convert);
    else if (isMap(node)) value = convertMap(node);
    else value = null; // an empty document or a missing value
    if (anchorOf(node) !== undefined) values.set(node as Node, value);
    return value;
  };

  const convertMap = (map: YAMLMap): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const pair of map.items as Array<Pair<unknown, unknown>>) {
      if (isMergeKey(pair.key)) {
        const source = resolve(pair.value);
        const sources = isSeq(source) ? source.items : [source];
        for (const item of sources) merge(out, resolve(item), item);
        continue;
      }
      define(out, keyString(pair.key), convert(pair.value));
    }
    return out;
  };

  /** The keys of `source` not already in `target` (yaml's mergeValue: a fresh copy of the source's values). */
  const merge = (target: Record<string, unknown>, source: unknown, written: unknown): void => {
    if (!isMap(source)) throw new MergeSourceError(written);
    const copied = convertMap(source);
    for (const key of Object.keys(copied)) if (!Object.prototype.hasOwnProperty.call(target, key)) define(target, key, copied[key]);
  };

  return convert(doc.contents);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key in target) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
