/** Writes a search's files into its directory, each atomically: plan.yaml (only when there is a recommendation), optimize.json, optimize.md, optimize.html. */

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDirectory, writeFilesAtomic } from '../report/write.js';
import type { CandidateSource } from './candidates.js';
import { renderOptimizeHtml } from './html.js';
import { renderOptimizeMarkdown } from './markdown.js';
import { planYaml } from './plan-file.js';
import type { OptimizeSummary } from './summary.js';

export type OptimizeFormat = 'json' | 'md' | 'html';

export const OPTIMIZE_FORMATS: readonly OptimizeFormat[] = ['json', 'md', 'html'];

export async function writeOptimizeReports(dir: string, summary: OptimizeSummary, source: CandidateSource, formats: readonly OptimizeFormat[] = OPTIMIZE_FORMATS): Promise<string[]> {
  ensureDirectory(dir);
  const files: Array<[string, string]> = [];
  if (summary.recommended !== null) files.push(['plan.yaml', planYaml(source, summary, dir)]);
  // No recommendation: a plan.yaml left from an earlier search must not pass for this one's.
  else rmSync(join(dir, 'plan.yaml'), { force: true });
  if (formats.includes('json')) files.push(['optimize.json', `${JSON.stringify(summary, null, 2)}\n`]);
  if (formats.includes('md')) files.push(['optimize.md', renderOptimizeMarkdown(summary)]);
  if (formats.includes('html')) files.push(['optimize.html', (await renderOptimizeHtml(summary)).html]);
  return writeFilesAtomic(dir, files);
}
