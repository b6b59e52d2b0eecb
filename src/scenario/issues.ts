/**
 * Problems found while loading a scenario: each names the file, the line and column (1-based; 0 when
 * the input had no source text, as with loadScenarioObject), the field path and what was expected.
 */

import type { Scenario } from './model.js';

export interface ScenarioIssue {
  file: string;
  line: number;
  column: number;
  /** Field path such as `clusters[2].workers[0].replicas`; empty for the whole file. */
  path: string;
  /** What was expected and what was found. */
  message: string;
}

export type LoadResult =
  | { ok: true; scenario: Scenario; warnings: ScenarioIssue[] }
  | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] };

/** `file:line:col: path: message` (the path part is left out when empty; the position when there is none, line 0). */
export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['clusters', 2, 'workers', 0, 'replicas']` → `clusters[2].workers[0].replicas`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Sorts issues by line, column, path and message so output never depends on discovery order. */
export function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1
      : a.line - b.line || a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** Removes exact duplicates (the same problem reached twice, e.g. through a generator template). */
export function dedupeIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.file}\u0000${issue.line}\u0000${issue.column}\u0000${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
