/**
 * Reading scenario text (YAML or JSON) into a plain value while keeping the source positions, and the
 * refusals that protect the loader: oversized, binary, empty or multi-document files, alias bombs,
 * prototype-polluting keys and absurd nesting. Nothing here throws: problems come back as issues.
 */

import { isAlias, isMap, isScalar, isSeq, LineCounter, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { PathSegment, ScenarioIssue } from './issues.js';
import { isMergeKey, MAX_DEPTH, MAX_EXPANDED_NODES, MergeSourceError, scanTree, toPlain, type ListCheck, type Position, type StringCheck } from './yaml-tree.js';

import { capiManifestsHint } from './capi-manifests-hint.js';
import { parseAllDocumentsFast } from './yaml-parse.js';

export { FORBIDDEN_KEYS, MAX_DEPTH, MAX_EXPANDED_NODES, type Position } from './yaml-tree.js';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

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

/** What parsing checks besides the YAML itself (scenarios: limits.ts). */
export interface TreeChecks {
  /** A check on the text before it is parsed (the cluster cap: precount.ts). */
  checkText?: (text: string, file: string) => ScenarioIssue | undefined;
  checkString?: StringCheck;
  checkList?: ListCheck;
}

/** Parses YAML or JSON text holding exactly one document, applying `checks` to every string and list. */
export function parseSource(text: string, file: string, what = 'a scenario', checks: TreeChecks = {}): SourceResult {
  const early = checks.checkText?.(text, file);
  if (early !== undefined) return { ok: false, errors: [early], warnings: [] };
  const parsed = parseDocuments(text, file, { single: true, what, ...checks });
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
export function parseDocuments(text: string, file: string, options: { single: boolean; what: string } & TreeChecks): SourceDocumentsResult {
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
    // uniqueKeys: false: yaml's duplicate-key check is quadratic in the keys of a mapping; scanTree does it in one pass.
    documents = parseAllDocumentsFast(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: false, strict: true });
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
    const scan = scanTree(doc, file, position, {
      budget: MAX_EXPANDED_NODES - expanded,
      ...(options.checkString === undefined ? {} : { checkString: options.checkString }),
      ...(options.checkList === undefined ? {} : { checkList: options.checkList }),
    });
    expanded += scan.size;
    if (scan.issues.length > 0) {
      errors.push(...scan.issues);
      continue;
    }
    let value: unknown;
    try {
      value = toPlain(doc, scan.aliases);
    } catch (error) {
      if (error instanceof MergeSourceError) {
        const at = isNodeWithRange(error.node) ? position(error.node.range[0]) : { line: 1, column: 1 };
        errors.push(fileIssue(file, error.message, at.line, at.column));
      } else errors.push(fileIssue(file, parserFailure(error)));
      continue;
    }
    if (value === null || value === undefined) continue;
    const index = new PairIndex();
    sources.push({ file, value, locate: (path, key) => locate(doc, scan.aliases, index, path, key === true, position) });
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

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/** Each mapping's pairs by key, built the first time an error is located in it (so locating is not linear in its keys). */
class PairIndex {
  private readonly byMap = new WeakMap<YAMLMap, { pairs: Map<string, Pair<unknown, unknown>>; merges: unknown[] }>();

  private of(map: YAMLMap): { pairs: Map<string, Pair<unknown, unknown>>; merges: unknown[] } {
    let entry = this.byMap.get(map);
    if (entry === undefined) {
      entry = { pairs: new Map(), merges: [] };
      for (const pair of map.items as Array<Pair<unknown, unknown>>) {
        if (isMergeKey(pair.key)) {
          entry.merges.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
          continue;
        }
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (!entry.pairs.has(key)) entry.pairs.set(key, pair);
      }
      this.byMap.set(map, entry);
    }
    return entry;
  }

  get(map: YAMLMap, segment: PathSegment): Pair<unknown, unknown> | undefined {
    return this.of(map).pairs.get(String(segment));
  }

  /** The sources merged into `map` with `<<`, in order. */
  merges(map: YAMLMap): readonly unknown[] {
    return this.of(map).merges;
  }
}

/** Finds the node written at `path`, following aliases and `<<` merge keys; falls back to the nearest parent. */
function locate(doc: Document.Parsed, aliases: ReadonlyMap<Alias, Node>, index: PairIndex, path: readonly PathSegment[], wantKey: boolean, position: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let best: Position = { line: 1, column: 1 };
  const remember = (candidate: unknown) => {
    if (isNodeWithRange(candidate)) best = position(candidate.range[0]);
  };
  remember(node);
  const resolve = (value: unknown): unknown => {
    let current = value;
    for (let hops = 0; isAlias(current) && hops < 20; hops++) current = aliases.get(current);
    return current;
  };
  const findPair = (map: unknown, segment: PathSegment, depth = 0): { key: unknown; value: unknown } | undefined => {
    const resolved = resolve(map);
    if (!isMap(resolved) || depth > 10) return undefined;
    const pair = index.get(resolved, segment);
    if (pair !== undefined) return { key: pair.key, value: pair.value };
    for (const source of index.merges(resolved)) {
      const found = findPair(source, segment, depth + 1);
      if (found) return found;
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
      remember(next);
    }
    node = next;
  }
  return best;
}
