/** optimize.html: one self-contained page in the sweep pages' style (src/sweep/html.ts). */

import { renderPage, type PageItem, type PageSection, type RenderedPage } from '../sweep/html.js';
import type { MetricUnit } from '../sweep/metrics.js';
import { FLEETSIM_VERSION } from '../version.js';
import { paretoSpec, riskSpec, runsPerCandidateSpec, runsPerRoundSpec } from './charts.js';
import { formatChange, formatShare, printable } from './format.js';
import { METHOD_TEXT, paretoFigure } from './markdown.js';
import type { CandidateSummary, OptimizeSummary } from './summary.js';
import { budgetLine, describeProblem, intervalText, requirementLine, value } from './text.js';

const leftOutNote = (n: number) => (n === 0 ? '' : ` ${n} candidate${n === 1 ? ' is' : 's are'} left out: a figure of ${n === 1 ? 'its' : 'theirs'} is ∞ (some run never reached it).`);

export async function renderOptimizeHtml(summary: OptimizeSummary): Promise<RenderedPage> {
  const unit = summary.objective.unit;
  const sections: PageSection[] = [];
  const rec = summary.recommended;
  const recommendation: PageItem[] = [];
  if (rec !== null) {
    recommendation.push({ kind: 'note', text: `${rec.label} (#${rec.id}); its scenario is plan.yaml.` });
    recommendation.push({ kind: 'table', numeric: false, header: ['field', 'value'], rows: rec.settings.map((s) => [`\`${s.path}\``, printable(s.value)]) });
    recommendation.push({ kind: 'table', numeric: false, header: ['figure', 'value'], rows: [
      [`\`${summary.objective.text}\``, `${value(rec.objective.value, unit)} (95% interval ${intervalText(rec.objective.interval, unit)}) over ${rec.seeds.count} seeds (${rec.seeds.spec}); the best survivor in ${formatShare(rec.chanceBest)} of bootstrap resamples`],
      ...rec.requirements.map((r, k) => [`${r.met ? '✓ ' : '✗ '}\`${r.text}\``, requirementLine(r, summary.requirements[k]?.unit ?? 'count').slice(2)]),
    ] });
    recommendation.push(rec.runnerUps.length === 0
      ? { kind: 'note', text: 'Runner-ups: none (every other survivor is significantly worse, or there is none).' }
      : { kind: 'table', header: ['runner-up (not significantly worse)', summary.objective.text, 'difference', '95% interval'], rows: rec.runnerUps.map((r) => [`#${r.id} ${r.label}`, value(r.objective, unit), formatChange(r.difference.value ?? Infinity, unit as MetricUnit), intervalText(r.difference.interval, unit, true)]) });
  } else {
    recommendation.push({ kind: 'note', text: 'No candidate meets every requirement. The closest:' });
    recommendation.push({ kind: 'table', numeric: false, header: ['candidate', 'why'], rows: summary.closest.map((id) => {
      const c = summary.candidates[id] as CandidateSummary;
      return [`#${c.id} ${c.label}`, c.reason];
    }) });
  }
  sections.push({ id: 'recommendation', title: 'Recommendation', items: recommendation });

  const risk: PageItem[] = [];
  for (let k = 0; k < summary.requirements.length; k++) {
    const chart = riskSpec(summary, k);
    const r = summary.requirements[k];
    if (chart === undefined || r === undefined) continue;
    risk.push({ kind: 'chart', id: `risk-${k}`, title: `${summary.objective.text} against ${r.metric}:${r.statistic}`, caption: `One point per candidate that ran, over all its runs; the dashed line is the bound (${r.text}).${leftOutNote(chart.leftOut)}`, spec: chart.spec });
  }
  if (risk.length === 0) risk.push({ kind: 'note', text: summary.requirements.length === 0 ? 'No requirement was given.' : 'No candidate has finite figures to draw.' });
  sections.push({ id: 'risk', title: 'Objective against risk', items: risk });

  const pareto: PageItem[] = [];
  const front = paretoSpec(summary);
  if (front !== undefined) pareto.push({ kind: 'chart', id: 'pareto', title: 'Makespan against availability low point and throttled calls', caption: `Diamonds: the Pareto front (no other candidate is as good on all three and better on one); the size is ${summary.pareto.axes[2]}.${leftOutNote(front.leftOut)}`, spec: front.spec });
  pareto.push({ kind: 'table', header: ['on the front', 'status', ...summary.pareto.axes], rows: summary.pareto.front.map((id) => {
    const c = summary.candidates[id] as CandidateSummary;
    return [`#${id} ${c.label}`, c.status, ...(c.pareto ?? []).map((v, k) => paretoFigure(v, k))];
  }) });
  sections.push({ id: 'pareto', title: 'Pareto front', items: pareto });

  const budget: PageItem[] = [{ kind: 'note', text: budgetLine(summary) }];
  const perCandidate = runsPerCandidateSpec(summary);
  if (perCandidate !== undefined) budget.push({ kind: 'chart', id: 'runs-per-candidate', title: 'Runs per candidate', caption: 'Clearly worse candidates stop after a few seeds; close ones get many.', spec: perCandidate });
  const perRound = runsPerRoundSpec(summary);
  if (perRound !== undefined) budget.push({ kind: 'chart', id: 'runs-per-round', title: 'Runs per round', caption: 'Each round brings every candidate in the race to the same number of seeds.', spec: perRound });
  budget.push({ kind: 'table', header: ['stage', 'round', 'seeds each', 'in the race', 'runs', 'eliminated', 'back in', 'reference'], rows: summary.budget.rounds.map((r) => [
    String(r.stage), String(r.round), String(r.seeds), String(r.contenders), String(r.runs),
    r.eliminated.length === 0 ? '—' : r.eliminated.map((id) => `#${id}`).join(' '), r.revived.length === 0 ? '—' : r.revived.map((id) => `#${id}`).join(' '), r.reference === null ? '—' : `#${r.reference}`,
  ]) });
  for (const note of summary.notes) budget.push({ kind: 'note', text: note });
  sections.push({ id: 'budget', title: 'How the budget was spent', items: budget });

  sections.push({ id: 'candidates', title: 'Candidates', items: [{ kind: 'table', numeric: false, header: ['#', 'settings', 'status', 'runs', summary.objective.text, ...summary.requirements.map((r) => `${r.metric}:${r.statistic}`), 'why'], rows: summary.candidates.map((c) => [
    `#${c.id}`, c.label, `${c.status === 'recommended' ? '✓ ' : c.status === 'infeasible' ? '✗ ' : ''}${c.status}`, String(c.runs),
    c.runs === 0 ? '—' : value(c.objective ?? null, unit),
    ...summary.requirements.map((r, k) => (c.runs === 0 ? '—' : value(c.requirements?.[k] ?? null, r.unit, r.op.startsWith('>') ? -Infinity : Infinity))),
    c.reason,
  ]) }] });
  sections.push({ id: 'method', title: 'Method', items: METHOD_TEXT.map((text) => ({ kind: 'note' as const, text })) });

  return renderPage({
    title: `fleetsim optimize: ${summary.scenario}`,
    meta: [describeProblem(summary), budgetLine(summary)],
    sections,
    footer: `Written by fleetsim ${FLEETSIM_VERSION} from the scenario, the search's flags and its seeds alone: the same inputs write the same file, whatever the number of workers. Each chart's Vega-Lite spec, with its data, is in the script element next to it.`,
  }, FLEETSIM_VERSION);
}
