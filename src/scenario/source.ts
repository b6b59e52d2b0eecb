/**
 * Reading scenario text (YAML or JSON) into a plain value while keeping the source positions, and the
 * refusals that protect the loader: oversized, binary, empty or multi-document files, alias bombs,
 * prototype-polluting keys and absurd nesting. Nothing here throws: problems come back as issues.
 */

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { PathSegment, ScenarioIssue } from './issues.js';
import { formatPath } from './issues.js';
import { capiManifestsHint } from './capi-manifests-hint.js';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Values a document may expand to once aliases are followed (a billion-laughs guard). */
export const MAX_EXPANDED_NODES = 5_000_000;
/**
 * yaml's own alias guard (`toJS({ maxAliasCount })`, which counts references times nested aliases):
 * large enough for a fleet where every cluster merges `<<: *defaults` (up to 100,000 clusters).
 */
export const MAX_ALIAS_COUNT = 200_000;
/** Deeper nesting than this is refused (no scenario needs more than ~12 levels). */
export const MAX_DEPTH = 100;

/** Keys refused anywhere: they could change object prototypes when the data is copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface Position {
  line: number;
  column: number;
}

/** A parsed document: its plain value and a way to find where a path is written. */
export interface SourceDocument {
  file: string;
  value: unknown;
  /** Where the value at `path` is written; with `key`, where its key is. Falls back to the nearest parent. */
  locate(path: readonly PathSegment[], key?: boolean): Position;
}

export type SourceResult =
  | { ok: true; source: SourceDocument; warnings: ScenarioIssue[] }
  | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] };

/** Decodes file bytes as UTF-8, refusing binary content. */
export function decodeText(bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; error: ScenarioIssue } {
  if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, error: fileIssue(file, tooLargeMessage(bytes.byteLength)) };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, error: fileIssue(file, `binary file: found a NUL byte at offset ${nul}; expected YAML or JSON text`) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, error: fileIssue(file, 'binary file: the content is not valid UTF-8; expected YAML or JSON text') };
  }
}

function tooLargeMessage(bytes: number): string {
  return `file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB (use a generator for large fleets)`;
}

function fileIssue(file: string, message: string, line = 1, column = 1): ScenarioIssue {
  return { file, line, column, path: '', message };
}

/** A document's plain value for a quick look (no aliases expanded), or undefined when it has errors or aliases. */
function plainOrUndefined(doc: Document.Parsed): unknown {
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS({ maxAliasCount: 0 }) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses YAML or JSON text holding exactly one document. */
export function parseSource(text: string, file: string, what = 'a scenario'): SourceResult {
  const parsed = parseDocuments(text, file, { single: true, what });
  if (!parsed.ok) return parsed;
  return { ok: true, source: parsed.documents[0]!, warnings: parsed.warnings };
}

export type SourceDocumentsResult =
  | { ok: true; documents: SourceDocument[]; warnings: ScenarioIssue[] }
  | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] };

/**
 * Parses YAML text holding one or more documents (CAPI manifests), with the same refusals as a
 * scenario. Empty documents (`---` followed by nothing) are skipped; a file with none is refused.
 */
export function parseDocuments(text: string, file: string, options: { single: boolean; what: string }): SourceDocumentsResult {
  const { what } = options;
  const warnings: ScenarioIssue[] = [];
  if (text.length > MAX_FILE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    return { ok: false, errors: [fileIssue(file, tooLargeMessage(Buffer.byteLength(text, 'utf8')))], warnings };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { ok: false, errors: [fileIssue(file, `binary file: found a NUL character at offset ${nul}; expected YAML or JSON text`)], warnings };

  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true, strict: true });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return { ok: false, errors: [fileIssue(file, parserFailure(error))], warnings };
  }

  const nonEmpty = documents.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  if (nonEmpty.length === 0) {
    return { ok: false, errors: [fileIssue(file, `empty file: expected ${what} (a YAML or JSON mapping starting with apiVersion)`)], warnings };
  }
  if (options.single && nonEmpty.length > 1) {
    const hint = what === 'a scenario' ? capiManifestsHint(nonEmpty.map(plainOrUndefined), file) : undefined;
    if (hint !== undefined) return { ok: false, errors: [fileIssue(file, hint)], warnings };
    const second = nonEmpty[1]!;
    const at = position(second.range[0]);
    return {
      ok: false,
      errors: [fileIssue(file, `expected one YAML document, found ${nonEmpty.length} (${what} is a single document: remove the "---" separators)`, at.line, at.column)],
      warnings,
    };
  }

  const errors: ScenarioIssue[] = [];
  const sources: SourceDocument[] = [];
  let expanded = 0;
  for (const doc of nonEmpty) {
    for (const warning of doc.warnings) {
      const at = position(warning.pos[0]);
      warnings.push(fileIssue(file, firstLine(warning.message), at.line, at.column));
    }
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const at = position(error.pos[0]);
        // yaml catches its own stack overflow on absurd nesting and reports it as a syntax error.
        if (/call stack/i.test(error.message)) errors.push(fileIssue(file, `the document is nested too deeply to read (limit ${MAX_DEPTH} levels)`, at.line, at.column));
        else errors.push(fileIssue(file, `YAML syntax: ${firstLine(error.message)}`, at.line, at.column));
      }
      continue;
    }
    const scan = scanNodes(doc, file, position, MAX_EXPANDED_NODES - expanded);
    expanded += scan.size;
    if (scan.issues.length > 0) {
      errors.push(...scan.issues);
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof ReferenceError
        ? `too many YAML aliases (${firstLine(error.message)}); expected a document that does not expand to a huge value`
        : parserFailure(error);
      errors.push(fileIssue(file, message));
      continue;
    }
    if (value === null || value === undefined) continue;
    sources.push({ file, value, locate: (path, key) => locate(doc, path, key === true, position) });
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  if (sources.length === 0) {
    return { ok: false, errors: [fileIssue(file, `empty file: expected ${what} (a YAML or JSON mapping starting with apiVersion)`)], warnings };
  }
  return { ok: true, documents: sources, warnings };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function parserFailure(error: unknown): string {
  if (error instanceof RangeError) return `the document is nested too deeply to read (limit ${MAX_DEPTH} levels)`;
  return `could not read the document: ${error instanceof Error ? firstLine(error.message) : String(error)}`;
}

/**
 * One pass over the node tree, before anything is converted: refuses forbidden keys and deep
 * nesting, and measures how many values the document expands to when aliases are followed, without
 * expanding it (each anchor's size is computed once, in document order).
 */
function scanNodes(doc: Document.Parsed, file: string, position: (offset: number) => Position, budget = MAX_EXPANDED_NODES): { issues: ScenarioIssue[]; size: number } {
  const issues: ScenarioIssue[] = [];
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const inProgress = new Set<Node>();
  let recursiveAlias = false;

  const visit = (node: unknown, path: PathSegment[], depth: number): number => {
    if (issues.length > 50) return 1;
    if (depth > MAX_DEPTH) {
      if (!issues.some((i) => i.message.startsWith('nested'))) {
        const at = isNodeWithRange(node) ? position(node.range[0]) : { line: 1, column: 1 };
        issues.push({ file, ...at, path: formatPath(path), message: `nested more than ${MAX_DEPTH} levels deep; a scenario needs far fewer` });
      }
      return 1;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) return 1; // yaml reports unresolved aliases itself
      if (inProgress.has(target)) {
        recursiveAlias = true;
        return MAX_EXPANDED_NODES + 1;
      }
      return sizes.get(target) ?? 1;
    }
    const anchored = isNodeWithAnchor(node) ? node : undefined;
    if (anchored) {
      // Registered before the children are visited, so an alias inside its own anchor is caught.
      anchors.set(anchored.anchor, anchored);
      inProgress.add(anchored);
    }
    let size = 1;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isMap(pair.key) || isSeq(pair.key) || isAlias(pair.key)) {
          // yaml would stringify such a key (and print a process warning); no scenario or manifest uses one.
          const at = isNodeWithRange(pair.key) ? position(pair.key.range[0]) : { line: 1, column: 1 };
          issues.push({ file, ...at, path: formatPath(path), message: 'expected a plain key (a name), found a mapping, list or alias used as a key' });
          continue;
        }
        const keyValue = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof keyValue === 'string' && FORBIDDEN_KEYS.has(keyValue)) {
          const at = isNodeWithRange(pair.key) ? position(pair.key.range[0]) : { line: 1, column: 1 };
          issues.push({ file, ...at, path: formatPath([...path, keyValue]), message: `the key "${keyValue}" is not allowed (it could change object prototypes); rename it` });
        }
        const segment = typeof keyValue === 'string' || typeof keyValue === 'number' ? keyValue : String(keyValue);
        size += visit(pair.key, path, depth + 1);
        size += visit(pair.value, [...path, segment], depth + 1);
        if (size > MAX_EXPANDED_NODES) break;
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (size <= MAX_EXPANDED_NODES) size += visit(item, [...path, index], depth + 1);
      });
    } else if (isPair(node)) {
      size += visit(node.key, path, depth + 1) + visit(node.value, path, depth + 1);
    }
    if (anchored) {
      inProgress.delete(anchored);
      sizes.set(anchored, size);
    }
    return Math.min(size, MAX_EXPANDED_NODES + 1);
  };

  const total = visit(doc.contents, [], 0);
  if (recursiveAlias) {
    issues.push({ file, line: 1, column: 1, path: '', message: 'a YAML alias refers to the node that contains it (a recursive structure); expected plain data' });
  } else if (total > budget) {
    issues.push({ file, line: 1, column: 1, path: '', message: `the document expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values once YAML aliases are followed (an alias bomb?); refusing it` });
  }
  return { issues, size: total };
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function isNodeWithAnchor(node: unknown): node is Node & { anchor: string } {
  return (isMap(node) || isSeq(node) || isScalar(node)) && typeof node.anchor === 'string' && node.anchor !== '';
}

/** Finds the node written at `path`, following aliases and `<<` merge keys; falls back to the nearest parent. */
function locate(doc: Document.Parsed, path: readonly PathSegment[], wantKey: boolean, position: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let best: Position = { line: 1, column: 1 };
  const remember = (candidate: unknown) => {
    if (isNodeWithRange(candidate)) best = position(candidate.range[0]);
  };
  remember(node);
  const resolve = (value: unknown): unknown => {
    let current = value;
    for (let hops = 0; isAlias(current) && hops < 20; hops++) current = current.resolve(doc);
    return current;
  };
  const findPair = (map: unknown, segment: PathSegment, depth = 0): { key: unknown; value: unknown } | undefined => {
    const resolved = resolve(map);
    if (!isMap(resolved) || depth > 10) return undefined;
    for (const pair of resolved.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (key === segment || (typeof segment === 'number' && key === String(segment)) || String(key) === String(segment)) return { key: pair.key, value: pair.value };
    }
    for (const pair of resolved.items) {
      if (isScalar(pair.key) && pair.key.value === '<<') {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          const found = findPair(source, segment, depth + 1);
          if (found) return found;
        }
      }
    }
    return undefined;
  };

  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const current = resolve(node);
    let next: unknown;
    keyNode = undefined;
    if (isSeq(current) && typeof segment === 'number') {
      next = current.items[segment];
    } else if (isMap(current)) {
      const pair = findPair(current, segment);
      if (pair) {
        keyNode = pair.key;
        next = pair.value;
      }
    }
    if (next === undefined && keyNode === undefined) return best;
    const isLast = i === path.length - 1;
    if (isLast && wantKey && isNodeWithRange(keyNode)) return position(keyNode.range[0]);
    // A key with no value (`version:`) has a null value node or none: point at the key.
    if ((next === null || next === undefined || (isScalar(next) && next.value === null && isNodeWithRange(keyNode))) && isNodeWithRange(keyNode)) {
      remember(keyNode);
      if (isLast) return best;
    } else {
      remember(resolve(next) === next ? next : next);
    }
    node = next;
  }
  return best;
}
