/** optimize.md: the recommendation and its confidence, the runner-ups, every candidate and why it lost, the budget, the Pareto front, the method. */

import { mdEscape } from '../report/markdown.js';
import type { MetricUnit } from '../sweep/metrics.js';
import { formatChange, formatShare, printable } from './format.js';
import { PARETO_AXES } from './pareto.js';
import type { CandidateSummary, OptimizeSummary } from './summary.js';
import { budgetLine, describeProblem, intervalText, requirementLine, value } from './text.js';

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** A Markdown table; `align` per column, `l` (text) or `r` (figures). */
function table(header: string[], rows: string[][], align: string): string {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

export const METHOD_TEXT = [
  'The first stage races a coarse grid: every value of a list parameter, and a few evenly spaced values of a range (FROM..TO); each later stage adds, per range, the value halfway between the best candidate\'s and its nearest tried neighbours, and races it with the candidates still in (a coarse-to-fine line search that assumes the response along a range has one dip).',
  'Racing (F-Race: Birattari et al., GECCO 2002): every candidate in the race runs the same seeds (common random numbers) in rounds of growing size; after each round a candidate is dropped when the paired bootstrap 95% interval of its objective\'s difference to the best candidate that meets every requirement lies entirely on the worse side, or when it breaks a requirement with confidence (a percentile: the exact Clopper–Pearson interval of the share of runs beyond the bound lies above the share the percentile allows; a mean: its bootstrap interval lies beyond the bound; an every-run bound: any run breaks it). A candidate dropped by one that later stops meeting a requirement comes back.',
  'A run without the figure (a fleet upgrade that never finished has no makespan) counts as the worst value. The recommendation is the best survivor that meets every requirement on all its runs; a candidate that breaks one is never recommended.',
];

/** A Pareto axis' figure; null is the worst end of the axis. */
export function paretoFigure(v: number | null, k: number): string {
  const axis = PARETO_AXES[k];
  if (axis === undefined) return '—';
  return value(v, axis.metric.unit, axis.better === 'lower' ? Infinity : -Infinity);
}

function candidateRow(summary: OptimizeSummary, c: CandidateSummary): string[] {
  return [
    `#${c.id}`, mdEscape(c.label), c.status, String(c.stage), String(c.runs),
    c.runs === 0 ? '—' : value(c.objective ?? null, summary.objective.unit),
    ...summary.requirements.map((r, k) => (c.runs === 0 ? '—' : value(c.requirements?.[k] ?? null, r.unit, r.op.startsWith('>') ? -Infinity : Infinity))),
    mdEscape(c.reason),
  ];
}

export function renderOptimizeMarkdown(summary: OptimizeSummary): string {
  const out: string[] = [`# fleetsim optimize: ${mdEscape(summary.scenario)}`, ''];
  out.push(`${mdEscape(describeProblem(summary))} · fleetsim ${summary.fleetsimVersion}`, '');
  out.push(table(['parameter', 'values', 'tried', 'not run'], summary.parameters.map((p) => [code(p.path), mdEscape(p.values), String(p.tried.length), p.notRun.length === 0 ? '—' : mdEscape(p.notRun.map(printable).join(', '))]), 'llrl'));
  const unit = summary.objective.unit;
  const rec = summary.recommended;
  out.push('', '## Recommendation', '');
  if (rec !== null) {
    out.push(`**${mdEscape(rec.label)}** (#${rec.id}); its scenario is \`plan.yaml\`.`, '');
    out.push(table(['field', 'value'], rec.settings.map((s) => [code(s.path), mdEscape(printable(s.value))]), 'll'));
    out.push('', `- ${code(summary.objective.text)} = ${value(rec.objective.value, unit)} (95% interval ${intervalText(rec.objective.interval, unit)}) over ${rec.seeds.count} seeds (${rec.seeds.spec}); the best survivor in ${formatShare(rec.chanceBest)} of bootstrap resamples.`);
    rec.requirements.forEach((r, k) => out.push(`- ${mdEscape(requirementLine(r, summary.requirements[k]?.unit ?? 'count'))}`));
    out.push('', '### Runner-ups (not significantly worse)', '');
    if (rec.runnerUps.length === 0) out.push('None: every other survivor is significantly worse, or there is none.');
    else out.push(table(['candidate', 'settings', summary.objective.text, 'difference', '95% interval'], rec.runnerUps.map((r) => [`#${r.id}`, mdEscape(r.label), value(r.objective, unit), formatChange(r.difference.value ?? Infinity, unit as MetricUnit), intervalText(r.difference.interval, unit, true)]), 'llrrr'));
  } else {
    out.push('**No candidate meets every requirement.** The closest:', '');
    for (const id of summary.closest) {
      const c = summary.candidates[id] as CandidateSummary;
      out.push(`- #${c.id} ${mdEscape(c.label)}: ${mdEscape(c.reason)}`);
    }
  }
  out.push('', '## Candidates', '', 'Each candidate\'s figures over all its runs; why it is out, and when.', '');
  out.push(table(['#', 'settings', 'status', 'stage', 'runs', summary.objective.text, ...summary.requirements.map((r) => `${r.metric}:${r.statistic}`), 'why'], summary.candidates.map((c) => candidateRow(summary, c)), `rllrr${'r'.repeat(1 + summary.requirements.length)}l`));
  out.push('', '## How the budget was spent', '', budgetLine(summary), '');
  out.push(table(['stage', 'round', 'seeds each', 'in the race', 'runs', 'eliminated', 'back in', 'reference'], summary.budget.rounds.map((r) => [
    String(r.stage), String(r.round), String(r.seeds), String(r.contenders), String(r.runs),
    r.eliminated.length === 0 ? '—' : r.eliminated.map((id) => `#${id}`).join(' '), r.revived.length === 0 ? '—' : r.revived.map((id) => `#${id}`).join(' '), r.reference === null ? '—' : `#${r.reference}`,
  ]), 'rrrrrllr'));
  for (const note of summary.notes) out.push('', mdEscape(note));
  out.push('', '## Pareto front', '', `Candidates no other beats on all of ${summary.pareto.axes.map(code).join(', ')} (over all their runs).`, '');
  out.push(table(['#', 'settings', 'status', ...summary.pareto.axes], summary.pareto.front.map((id) => {
    const c = summary.candidates[id] as CandidateSummary;
    return [`#${id}`, mdEscape(c.label), c.status, ...(c.pareto ?? []).map((v, k) => paretoFigure(v, k))];
  }), 'rllrrr'));
  out.push('', '## Method', '', ...METHOD_TEXT.flatMap((t) => [t, '']));
  out.push(`Seeds ${summary.method.firstSeed} onwards, at most ${summary.method.maxSeeds} per candidate; first test after ${summary.method.firstTest} seeds, each round ×${summary.method.growth}; ${summary.method.resamples} bootstrap resamples; ${Math.round(summary.method.confidence * 100)}% intervals.`, '');
  return out.join('\n');
}
