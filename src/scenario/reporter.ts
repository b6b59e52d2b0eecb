/** Collects errors and warnings while a scenario is loaded, locating each path in the source. */

import type { PathSegment, ScenarioIssue } from './issues.js';
import { formatPath } from './issues.js';
import type { SourceDocument } from './source.js';
import { placedAt, type Placement } from './zod-issues.js';

export class Reporter {
  readonly errors: ScenarioIssue[] = [];
  readonly warnings: ScenarioIssue[] = [];

  constructor(readonly source: SourceDocument) {}

  issue(path: readonly PathSegment[], message: string, key = false): ScenarioIssue {
    const { line, column } = this.source.locate(path, key);
    return { file: this.source.file, line, column, path: formatPath(path), message };
  }

  error(path: readonly PathSegment[], message: string, key = false): void {
    this.errors.push(this.issue(path, message, key));
  }

  warn(path: readonly PathSegment[], message: string, key = false): void {
    this.warnings.push(this.issue(path, message, key));
  }

  /** A reporter view whose paths are relative to a placement (a cluster entry, a generator template). */
  at(placement: Placement): PlacedReporter {
    return new PlacedReporter(this, placement);
  }

  atPath(base: readonly PathSegment[]): PlacedReporter {
    return new PlacedReporter(this, placedAt(base));
  }
}

export class PlacedReporter {
  constructor(readonly root: Reporter, readonly placement: Placement) {}

  private prefix(relative: readonly PathSegment[]): string {
    return this.placement.prefix?.(relative) ?? '';
  }

  error(relative: readonly PathSegment[], message: string, key = false): void {
    this.root.error(this.placement.map(relative), `${this.prefix(relative)}${message}`, key);
  }

  warn(relative: readonly PathSegment[], message: string, key = false): void {
    this.root.warn(this.placement.map(relative), `${this.prefix(relative)}${message}`, key);
  }
}
