/** Writes a sweep's reports next to its runs.jsonl, each file atomically. */

import { finishFileSet, writeFilesAtomic, writeFilesWithEntries, type FileEntry } from '../report/write.js';
import { renderSweepMarkdown } from './markdown.js';
import type { SweepResults, SweepSummary } from './results.js';
import { renderSweepHtml } from './sweep-page.js';

export type SweepFormat = 'json' | 'md' | 'html';

export const SWEEP_FORMATS: readonly SweepFormat[] = ['json', 'md', 'html'];

/** sweep.json, sweep.md and sweep.html as `formats` asks, by file name. */
export async function renderSweepReports(summary: SweepSummary, results: SweepResults, formats: readonly SweepFormat[]): Promise<Array<[string, string]>> {
  const files: Array<[string, string]> = [];
  if (formats.includes('json')) files.push(['sweep.json', `${JSON.stringify(summary, null, 2)}\n`]);
  if (formats.includes('md')) files.push(['sweep.md', renderSweepMarkdown(summary)]);
  if (formats.includes('html')) files.push(['sweep.html', (await renderSweepHtml(summary, results)).html]);
  return files;
}

/** sweep.json, sweep.md and sweep.html, as `formats` asks; returns the paths written. */
export async function writeSweepReports(dir: string, summary: SweepSummary, results: SweepResults, formats: readonly SweepFormat[]): Promise<string[]> {
  return writeFilesAtomic(dir, await renderSweepReports(summary, results, formats));
}

/**
 * A sweep's whole file set in `dir`: runs.jsonl (already written, `runs`), the reports, then
 * manifest.json last (report/write.ts); returns the paths of the reports and the manifest.
 */
export async function finishSweepDirectory(dir: string, what: string, runs: FileEntry, summary: SweepSummary, results: SweepResults, formats: readonly SweepFormat[]): Promise<string[]> {
  const { paths, entries } = writeFilesWithEntries(dir, await renderSweepReports(summary, results, formats));
  return [...paths, finishFileSet(dir, what, [runs, ...entries])];
}
