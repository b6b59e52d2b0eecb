/**
 * Colours and the shared Vega-Lite config of the report's charts. Fixed domains keep a colour
 * meaning the same thing in every chart and every report (aws is always the same orange).
 */

import type { Config } from 'vega-lite';

export const CLOUD_COLORS: Readonly<Record<string, string>> = {
  aws: '#ff9900',
  azure: '#0078d4',
  gcp: '#34a853',
  docker: '#6c7a89',
};

/** Machine phases in lifecycle order (CAPI Machine status.phase), with their colours. */
export const PHASES = ['Pending', 'Provisioning', 'Provisioned', 'Running', 'Deleting', 'Failed'] as const;
export const PHASE_COLORS: readonly string[] = ['#c7c7c7', '#9ecae1', '#4292c6', '#31a354', '#fd8d3c', '#d62728'];

export const OUTCOMES = ['ok', 'throttled', 'error'] as const;
export const OUTCOME_COLORS: readonly string[] = ['#54a24b', '#f58518', '#e45756'];

/** MachineHealthCheck and KCP decisions, in the order a remediation goes. */
export const DECISIONS = ['unhealthy', 'remediated', 'short-circuited', 'KCP refused'] as const;
export const DECISION_COLORS: readonly string[] = ['#f58518', '#4c78a8', '#e45756', '#b279a2'];

export const FAULT_COLOR = '#e45756';

/** A colour scale with a fixed domain: known names first, in order, then any other seen. */
export function fixedScale(known: Readonly<Record<string, string>>, seen: readonly string[]): { domain: string[]; range: string[] } {
  const extra = [...new Set(seen)].filter((name) => !(name in known)).sort();
  const fallback = ['#8c6d31', '#7b4173', '#637939', '#843c39'];
  const domain = [...Object.keys(known).filter((name) => seen.includes(name)), ...extra];
  return { domain, range: domain.map((name, i) => known[name] ?? fallback[i % fallback.length] as string) };
}

export const CHART_WIDTH = 760;

/** Shared config: plain fonts, no background (the page has one), labels long enough for cluster names. */
export const CHART_CONFIG: Config = {
  // The page's stylesheet sets the real font; a short name here keeps every <text> element small.
  font: 'sans-serif',
  view: { stroke: '#e5e5e5' },
  axis: { labelLimit: 400, labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333', gridColor: '#eee', domainColor: '#aaa', tickColor: '#aaa' },
  axisX: { tickCount: 10 },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 300, orient: 'top' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start' },
};
