/**
 * The library API: simulate a resolved scenario and get its summary and timeline; write the
 * report files. The CLI is a thin layer over these functions.
 */

import { join, resolve } from 'node:path';
import type { Scenario } from './scenario/model.js';
import type { TimelineEvent } from './timeline/index.js';
import { World, type RunResult, type WorldOptions } from './world/world.js';
import { buildSummary, type Summary } from './report/summary.js';
import { renderMarkdown } from './report/markdown.js';
import { beginFileSet, ensureDirectory, fileEntry, finishFileSet, writeFileAtomic, writeTimelineAtomic, type FileEntry } from './report/write.js';
import { renderHtmlReport } from './report/html/index.js';
import type { ReportInput } from './report/charts/report-input.js';
import { TimelineFile } from './report/timeline-file.js';
import { renderCapiDump } from './report/capi/index.js';

export type { SettleProgress } from './world/settle.js';

export interface SimulateOptions extends WorldOptions {
  /** Called with the virtual time reached and the progress towards settling, every 30 s of virtual time (progress bars). */
  onProgress?: WorldOptions['onProgress'];
}

export interface SimulationResult {
  scenario: Scenario;
  summary: Summary;
  /** Every timeline event (empty when keepEvents is false, and when the timeline was streamed to a file). */
  events: TimelineEvent[];
  /** The timeline streamed to a temporary file (`simulateStreaming`); `writeReports` renames it into place. */
  timelineFile?: TimelineFile;
  /** Why the memory guard stopped the run (summary.stopReason memoryLimit). */
  stopDetail?: string;
  /** 0 all expectations hold; 1 an expectation failed; 3 the run hit its horizon or event guard before settling. */
  exitCode: 0 | 1 | 3;
  /** The run's read-only result: what the summary and the sweeps read. */
  run: RunResult;
  /** The finished World, for inspecting its end state (the `capi` format, fleetsim/testing's inventory); reports read `run`. */
  world: World;
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const world = new World(scenario, options);
  return resultOf(scenario, world, world.run());
}

function resultOf(scenario: Scenario, world: World, run: RunResult): SimulationResult {
  const summary = buildSummary(run);
  const failed = summary.expectations.some((e) => !e.pass);
  const exitCode = failed ? 1 : summary.settled ? 0 : 3;
  return { scenario, summary, events: world.timeline.events, exitCode, run, world, ...(run.detail === undefined ? {} : { stopDetail: run.detail }) };
}

/**
 * `simulate`, with the timeline streamed to a temporary file beside `timelinePath` as it is
 * produced instead of held in memory (memory stays flat in the run's length), yielding to the
 * event loop every few thousand events so signal handlers can remove that file. `writeReports`
 * renames it into place (or removes it when json is not written); on an error it is removed.
 */
export async function simulateStreaming(scenario: Scenario, timelinePath: string, options: SimulateOptions = {}): Promise<SimulationResult> {
  const file = new TimelineFile(timelinePath);
  try {
    const world = new World(scenario, { ...options, keepEvents: false, listeners: [...(options.listeners ?? []), file.listener] });
    const result = resultOf(scenario, world, await world.runAsync());
    file.close();
    return { ...result, timelineFile: file };
  } catch (error) {
    file.abandon();
    throw error;
  }
}

/** What the report renderers read: the events come from memory, or from the streamed file in one pass. */
export function reportInputOf(result: SimulationResult): ReportInput {
  const file = result.timelineFile;
  return { scenario: result.scenario, summary: result.summary, events: file === undefined ? result.events : { [Symbol.iterator]: () => file.events() } };
}

export type ReportFormat = 'json' | 'md' | 'html' | 'capi';

export type ReportRenderer = (result: SimulationResult) => string | Promise<string>;

/** Renderers of formats beyond json and md. The HTML page loads vega only when it renders. */
export const reportRenderers = new Map<ReportFormat, ReportRenderer>([['html', (result) => renderHtmlReport(reportInputOf(result))]]);

export interface WriteReportsOptions {
  /** `capi`: write the state at this virtual time instead of the end state (a second run of the same scenario and seed, stopped there). */
  at?: number;
}

/** The world the `capi` format writes: the run's own at its end, or the same run stopped at `at`. */
function capiWorld(result: SimulationResult, at: number | undefined): World {
  if (at === undefined) return result.world;
  const world = new World(result.scenario, { seed: result.run.seed, keepEvents: false });
  world.runUntil(at);
  return world;
}

/**
 * Writes timeline.jsonl and summary.json (json), report.md (md), report.html (html), and capi.yaml
 * with nodes.yaml (capi: the fleet as kubectl prints it) into `dir`. A streamed timeline
 * (`simulateStreaming`) is renamed into place instead of written again.
 */
export async function writeReports(result: SimulationResult, dir: string, formats: readonly ReportFormat[] = ['json', 'md', 'html'], options: WriteReportsOptions = {}): Promise<string[]> {
  const streamed = result.timelineFile;
  try {
    return await writeReportSet(result, dir, formats, options);
  } finally {
    streamed?.abandon(); // a no-op once committed
  }
}

async function writeReportSet(result: SimulationResult, dir: string, formats: readonly ReportFormat[], options: WriteReportsOptions): Promise<string[]> {
  ensureDirectory(dir);
  const written: string[] = [];
  const streamed = result.timelineFile;
  // Render everything first, so a failure leaves no partial set of new files.
  const files: Array<[string, string | TimelineEvent[] | TimelineFile]> = [];
  if (formats.includes('json')) {
    files.push(['timeline.jsonl', streamed ?? result.events]);
    files.push(['summary.json', `${JSON.stringify(result.summary, null, 2)}\n`]);
  }
  if (formats.includes('md')) files.push(['report.md', renderMarkdown(result.summary, result.scenario.description)]);
  if (formats.includes('html')) {
    const render = reportRenderers.get('html');
    if (render !== undefined) files.push(['report.html', await render(result)]);
  }
  if (formats.includes('capi')) {
    const dump = renderCapiDump(capiWorld(result, options.at));
    files.push(['capi.yaml', dump.management], ['nodes.yaml', dump.nodes]);
  }
  // The set is replaced as a set: manifest.json goes first and comes back last (report/write.ts).
  beginFileSet(dir);
  const entries: FileEntry[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (typeof content === 'string') {
      writeFileAtomic(path, content);
      entries.push(fileEntry(name, content));
    } else if (content instanceof TimelineFile) {
      if (resolve(content.path) !== resolve(path)) throw new Error(`the timeline was streamed to ${content.path}, not into ${dir}`);
      entries.push(content.commit());
    } else entries.push(writeTimelineAtomic(path, content));
    written.push(path);
  }
  written.push(finishFileSet(dir, 'run', entries));
  return written;
}
