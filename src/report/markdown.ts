/**
 * report.md: the key figures and tables a person reads in a terminal or a pull-request comment.
 * Every string that comes from the scenario is escaped for Markdown tables.
 */

import { formatDuration } from '../engine/duration.js';
import type { Summary } from './summary.js';

export function mdEscape(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function time(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

export function renderMarkdown(summary: Summary, description?: string): string {
  const f = summary.fleet;
  const out: string[] = [];
  out.push(`# fleetsim: ${mdEscape(summary.scenario)}`);
  if (description) out.push('', mdEscape(description));
  const verdict = summary.expectations.length === 0 ? '' : summary.expectations.every((e) => e.pass) ? ' · expectations: **all pass**' : ' · expectations: **FAILED**';
  out.push('', `seed ${summary.seed} · fleetsim ${summary.fleetsimVersion} · ended at ${time(summary.endedAt)} · ${summary.settled ? 'settled' : `**not settled** (${summary.stopReason})`}${verdict}`);
  out.push('', '## Key figures', '', table(['figure', 'value'], [
    ['clusters', String(f.clusters)],
    ['machines at the end', String(f.machines)],
    ['upgrade makespan', time(f.upgradeMakespan)],
    ['clusters upgraded', `${f.clustersUpgraded}${f.clustersUpgrading > 0 ? ` (${f.clustersUpgrading} unfinished)` : ''}`],
    ['machines replaced', String(f.machinesReplaced)],
    ['MHC remediations', String(f.remediations)],
    ['MHC short-circuits', String(f.shortCircuits)],
    ['KCP remediations refused', String(f.kcpRemediationsRefused)],
    ['lowest fleet availability', `${pct(f.minAvailableRatio)} at ${time(f.minAvailableAt)}`],
  ]));
  if (summary.expectations.length > 0) {
    out.push('', '## Expectations', '', table(['metric', 'bound', 'value', 'result'], summary.expectations.map((e) => [
      mdEscape(e.metric),
      [e.min === undefined ? '' : `≥ ${e.min}`, e.max === undefined ? '' : `≤ ${e.max}`].filter(Boolean).join(', '),
      e.value === null ? 'not reached' : String(e.value),
      e.pass ? 'pass' : '**FAIL**',
    ])));
  }
  out.push('', '## Clusters', '', table(['cluster', 'cloud', 'rollout', 'started', 'completed', 'duration', 'replaced', 'remediations', 'short-circuits', 'min available'],
    summary.clusters.map((c) => {
      const r = c.rollouts[c.rollouts.length - 1];
      return [
        mdEscape(c.name), mdEscape(`${c.cloud}/${c.region}`), r === undefined ? '—' : mdEscape(`${r.kind} ${r.from} → ${r.to}`),
        r === undefined ? '—' : time(r.startedAt), r === undefined ? '—' : time(r.completedAt), r === undefined ? '—' : time(r.duration),
        String(r?.machinesReplaced ?? 0), String(c.remediations), String(c.shortCircuits), pct(c.minAvailableRatio),
      ];
    })));
  if (summary.clouds.length > 0) {
    out.push('', '## Cloud APIs', '', table(['cloud/account/region', 'action', 'calls', 'throttled', 'errors', 'retries', 'p95 latency'],
      summary.clouds.flatMap((cloud) => cloud.actions.map((a) => [mdEscape(cloud.name), mdEscape(a.action), String(a.calls), String(a.throttled), String(a.errors), String(a.retries), time(a.p95LatencyMs)]))));
  }
  out.push('', '## Management cluster', '', `API writes ${summary.management.apiWrites} · client rate limit held workers for ${time(summary.management.clientThrottledMs)} in total`, '',
    table(['controller', 'reconciles', 'errors', 'max queue depth', 'latency p50', 'latency p95'], summary.management.controllers.map((c) => [
      c.name, String(c.reconciles), String(c.errors), String(c.maxQueueDepth), time(c.latencyP50Ms), time(c.latencyP95Ms),
    ])));
  return `${out.join('\n')}\n`;
}
