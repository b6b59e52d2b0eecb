/**
 * The cluster cap checked on the text, before the YAML is parsed (issue 19 defect 7): parsing a
 * 5 MB file takes seconds, so 100,001 clusters written out one by one are refused by counting the
 * items of the top-level `clusters:` block list line by line (a few milliseconds).
 *
 * The count is exact for a block list: after `clusters:` at column 0, every line whose first
 * character at the list's indentation is `- ` (or a lone `-`) starts an item, and the first other
 * line at that indentation or less ends the list. Lines of an item's content are indented deeper
 * (block scalars must be; a quoted string or flow collection continued at the list's indentation is
 * a YAML error: yaml reports MISSING_CHAR / BAD_INDENT). A file this count does not understand
 * (a flow list `clusters: [...]`, a quoted key, JSON) gets no refusal here; the tree check after the
 * parse (limits.ts checkListLength) still refuses it. Generator and `manifests:` counts are checked
 * on the parsed value before anything is expanded (load.ts).
 */

import type { ScenarioIssue } from './issues.js';
import { MAX_CLUSTERS } from './generators.js';

const CLUSTERS_KEY = /^clusters:[ \t]*(#.*)?$/;

/** An issue when the text's top-level `clusters:` block list has more than MAX_CLUSTERS items. */
export function precountClusters(text: string, file: string): ScenarioIssue | undefined {
  let offset = findClustersKey(text);
  if (offset < 0) return undefined;
  let indent = -1;
  let items = 0;
  let first = { line: 0, column: 0 };
  let line = lineNumberAt(text, offset);
  while (offset < text.length) {
    const end = lineEnd(text, offset);
    const content = text.slice(offset, end).replace(/\r$/, '');
    offset = end + 1;
    line += 1;
    const spaces = content.length - content.trimStart().length;
    const rest = content.slice(spaces);
    if (rest === '' || rest.startsWith('#')) continue;
    const isItem = rest === '-' || rest.startsWith('- ') || rest.startsWith('-\t');
    if (indent < 0) {
      if (!isItem) return undefined; // not a block list (a flow list, a mapping, …)
      indent = spaces;
      first = { line, column: spaces + 1 };
    }
    if (spaces < indent || (spaces === indent && !isItem)) break;
    if (spaces === indent) items += 1;
  }
  if (items <= MAX_CLUSTERS) return undefined;
  return { file, ...first, path: 'clusters', message: listLengthMessage(items) };
}

/** The refusal of a `clusters:` list of `length` entries (on the text here, on the tree in limits.ts). */
export function listLengthMessage(length: number): string {
  return `expected at most ${MAX_CLUSTERS.toLocaleString('en-US')} clusters in a scenario, found ${length.toLocaleString('en-US')} entries`;
}

/** Offset just after the line `clusters:` at column 0 (the top-level key), or -1. */
function findClustersKey(text: string): number {
  let offset = 0;
  while (offset < text.length) {
    const end = lineEnd(text, offset);
    if (text.startsWith('clusters:', offset) && CLUSTERS_KEY.test(text.slice(offset, end).trimEnd())) return end + 1;
    offset = end + 1;
  }
  return -1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** The 1-based number of the line before `offset` (the line that ended just before it). */
function lineNumberAt(text: string, offset: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}
