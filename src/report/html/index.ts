/**
 * report.html (fleetsim issue 6): `renderHtmlReport` draws a run's charts with vega into inline
 * SVG and assembles the page; `writeHtmlReport` writes it atomically into a report directory.
 * Rendering is async because vega's `toSVG` is, and vega is loaded on first use only.
 */

import { join } from 'node:path';
import { renderSvg } from '../charts/vega-render.js';
import type { ReportInput } from '../charts/report-input.js';
import { ensureDirectory, writeFileAtomic } from '../write.js';
import { collectReportData } from './report-data.js';
import { inlineSvg } from './inline-svg.js';
import { renderPage, type RenderedChart } from './page.js';
import { reportSections } from './sections.js';

export type { ReportInput };

export interface HtmlReportOptions {
  /** How many clusters get charts of their own (the most interesting ones); default 12. */
  clusterCharts?: number;
  /** Called with each vega-lite or vega warning (by default they are dropped: the page is still written). */
  onWarning?: (chartId: string, message: string) => void;
}

export const DEFAULT_CLUSTER_CHARTS = 12;

export async function renderHtmlReport(input: ReportInput, options: HtmlReportOptions = {}): Promise<string> {
  const data = collectReportData(input, options.clusterCharts ?? DEFAULT_CLUSTER_CHARTS);
  const sections = reportSections(input, data);
  const charts = new Map<string, RenderedChart>();
  // One chart at a time, in page order: vega is single-threaded and the order keeps output stable.
  for (const section of sections) {
    for (const item of section.items) {
      if (item.kind !== 'chart') continue;
      const { svg, warnings } = await renderSvg(item.spec);
      for (const warning of warnings) options.onWarning?.(item.id, warning);
      charts.set(item.id, { svg: inlineSvg(svg, item.id) });
    }
  }
  return renderPage(input.summary, input.scenario.description, sections, charts);
}

/** Renders report.html and writes it into `dir` (temporary name, then renamed); returns its path. */
export async function writeHtmlReport(input: ReportInput, dir: string, options: HtmlReportOptions = {}): Promise<string> {
  const html = await renderHtmlReport(input, options);
  ensureDirectory(dir);
  const path = join(dir, 'report.html');
  writeFileAtomic(path, html);
  return path;
}
