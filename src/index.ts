/** fleetsim's library API. */

export { simulate, writeReports, reportRenderers, type SimulateOptions, type SimulationResult, type ReportFormat, type ReportRenderer } from './simulate.js';
export { World, type WorldOptions, type RunOutcome, type RunResult } from './world/world.js';
export { loadScenarioFile, loadScenarioText, loadScenarioObject, formatIssue, scenarioJsonSchema, defaultsTable } from './scenario/index.js';
export type { Scenario, ClusterSpec, OperationSpec, FaultSpec, ExpectationSpec } from './scenario/index.js';
export type { LoadResult, ScenarioIssue } from './scenario/index.js';
export type { Summary, ClusterSummary, FleetSummary } from './report/summary.js';
export type { TimelineEvent } from './timeline/index.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtmlReport, writeHtmlReport, type HtmlReportOptions, type ReportInput } from './report/html/index.js';
export { FLEETSIM_VERSION } from './version.js';
export * as sweep from './sweep/index.js';
export * as optimize from './optimize/index.js';
