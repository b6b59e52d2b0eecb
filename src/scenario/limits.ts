/**
 * Length limits on every string of a scenario, checked on the parsed tree before the schema, so a
 * 200 KB region or a 1 MB name is refused at load with its position instead of being copied into
 * every event (63 MB of output) or echoed in full in an error. The limits are generic (by where a
 * string is, not by field) and generous: Kubernetes names are at most 253 characters, label values
 * 63, cloud image and instance references well under 1,024.
 */

import type { PathSegment } from './issues.js';
import { MAX_CLUSTERS } from './generators.js';
import { listLengthMessage, precountClusters } from './precount.js';

/** Any key of a mapping (label keys are at most 317 characters: a 253 prefix, `/`, a 63 name). */
export const MAX_KEY_LENGTH = 512;
/** Any string value not named below. */
export const MAX_STRING_LENGTH = 1_024;
/** Free text meant for people (`description`), and `variables` values substituted into manifests. */
export const MAX_TEXT_LENGTH = 10_000;

function isText(path: readonly PathSegment[]): boolean {
  return path[path.length - 1] === 'description' || path[0] === 'variables';
}

/** The limit for a string at `path` (a key when `isKey`). */
export function stringLimit(path: readonly PathSegment[], isKey: boolean): number {
  if (isKey) return MAX_KEY_LENGTH;
  return isText(path) ? MAX_TEXT_LENGTH : MAX_STRING_LENGTH;
}

/** A message when `value` is longer than its limit (the value itself is not echoed). */
export function checkStringLength(path: readonly PathSegment[], value: string, isKey: boolean): string | undefined {
  if (value.length <= MAX_KEY_LENGTH) return undefined; // the shortest limit: most strings stop here
  const limit = stringLimit(path, isKey);
  if (value.length <= limit) return undefined;
  const what = isKey ? 'a key' : isText(path) ? 'text' : 'a value';
  return `expected ${what} of at most ${limit.toLocaleString('en-US')} characters, found ${value.length.toLocaleString('en-US')} (starting "${printable(value.slice(0, 40))}…")`;
}

/** A short excerpt safe to print: control characters shown as escapes. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f"\\]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The `clusters:` list is refused by its length before any entry is read (a flow list the text pre-count does not see: precount.ts). */
export function checkListLength(path: readonly PathSegment[], length: number): string | undefined {
  return path.length === 1 && path[0] === 'clusters' && length > MAX_CLUSTERS ? listLengthMessage(length) : undefined;
}

/** The checks the loader applies to a scenario's tree while parsing it. */
export const SCENARIO_TREE_CHECKS = { checkText: precountClusters, checkString: checkStringLength, checkList: checkListLength };
