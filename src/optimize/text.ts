/** The terminal's account of a search: the recommendation and its confidence, the runner-ups, why each other candidate lost, the budget. */

import type { MetricUnit } from '../sweep/metrics.js';
import { formatChange, formatFigure, formatShare, printable } from './format.js';
import type { CandidateSummary, OptimizeSummary, RequirementFigures } from './summary.js';

/** A figure; null stands for an infinite one (runs without the figure), `whenNull` says which. */
export const value = (v: number | null, unit: string, whenNull = Infinity) => formatFigure(v === null ? whenNull : v, unit as MetricUnit);

/** An interval `lo to hi`; a null end is −∞ below, +∞ above. */
export function intervalText(pair: readonly [number | null, number | null], unit: string, signed = false): string {
  const [lo, hi] = [pair[0] ?? -Infinity, pair[1] ?? Infinity];
  return signed ? `${formatChange(lo, unit as MetricUnit)} to ${formatChange(hi, unit as MetricUnit)}` : `${formatFigure(lo, unit as MetricUnit)} to ${formatFigure(hi, unit as MetricUnit)}`;
}

export function describeProblem(summary: OptimizeSummary): string {
  const subject = summary.requirements.length === 0 ? '' : ` subject to ${summary.requirements.map((r) => r.text).join(', ')}`;
  return `${summary.objective.direction} ${summary.objective.text}${subject}`;
}

export function requirementLine(r: RequirementFigures, unit: string): string {
  const parts = [`${r.text}: ${value(r.value, unit)} (95% interval ${intervalText(r.interval, unit)})`];
  if (r.allowed !== undefined && r.beyondUpper !== undefined) {
    parts.push(`${r.beyond} of ${r.runs} runs beyond the bound (${r.allowed === 0 ? 'none' : `at most ${formatShare(r.allowed)}`} allowed; the true share is at most ${formatShare(r.beyondUpper)} at 95% confidence)`);
  } else {
    parts.push(`met in ${formatShare(r.chance)} of bootstrap resamples`);
  }
  return `${r.met ? '✓' : '✗'} ${parts.join(', ')}`;
}

function eliminated(summary: OptimizeSummary): CandidateSummary[] {
  return summary.candidates.filter((c) => c.status !== 'recommended' && c.status !== 'runner-up');
}

export function budgetLine(summary: OptimizeSummary): string {
  const b = summary.budget;
  const share = b.exhaustive.runs === 0 ? '' : ` (${formatShare(b.runs / b.exhaustive.runs)})`;
  return `runs: ${b.runs.toLocaleString('en-US')} of a budget of ${b.budget.toLocaleString('en-US')}, against ${b.exhaustive.runs.toLocaleString('en-US')} for an exhaustive sweep of the ${b.exhaustive.candidates.toLocaleString('en-US')} combinations over ${summary.method.maxSeeds} seeds${share}; ${b.stages} stage${b.stages === 1 ? '' : 's'}, ${b.rounds.length} round${b.rounds.length === 1 ? '' : 's'}`;
}

export function renderOptimizeText(summary: OptimizeSummary): string {
  const out: string[] = [`fleetsim optimize ${summary.scenario}: ${describeProblem(summary)}`];
  const unit = summary.objective.unit;
  const rec = summary.recommended;
  if (rec !== null) {
    out.push(`recommended: ${rec.label}`);
    for (const s of rec.settings) out.push(`  ${s.path} = ${printable(s.value)}`);
    out.push(`  ${summary.objective.text} = ${value(rec.objective.value, unit)} (95% interval ${intervalText(rec.objective.interval, unit)}) over ${rec.seeds.count} seeds (${rec.seeds.spec}); the best survivor in ${formatShare(rec.chanceBest)} of bootstrap resamples`);
    rec.requirements.forEach((r, k) => out.push(`  ${requirementLine(r, summary.requirements[k]?.unit ?? 'count')}`));
    if (rec.runnerUps.length === 0) out.push('runner-ups: none (every other survivor is significantly worse, or there is none)');
    else {
      out.push('runner-ups, not significantly worse:');
      for (const r of rec.runnerUps) out.push(`  ${r.label}: ${value(r.objective, unit)} (${formatChange(r.difference.value ?? Infinity, unit as MetricUnit)}, 95% interval ${intervalText(r.difference.interval, unit, true)})`);
    }
  } else {
    out.push('no candidate meets every requirement; the closest:');
    for (const id of summary.closest) {
      const c = summary.candidates[id] as CandidateSummary;
      const figures = summary.requirements.map((r, k) => `${r.metric}:${r.statistic} ${value(c.requirements?.[k] ?? null, r.unit)}`).join(', ');
      out.push(`  ${c.label}: ${figures}; ${summary.objective.text} ${value(c.objective ?? null, unit)} (${c.runs} runs)`);
    }
  }
  const out2 = eliminated(summary);
  if (out2.length > 0) {
    out.push(`${rec === null ? 'every candidate' : 'eliminated'}:`);
    for (const c of out2) out.push(`  ${c.label}: ${c.reason}`);
  }
  for (const p of summary.parameters) if (p.kind === 'range' && p.notRun.length > 0) out.push(`not run (the search refined around the best): ${p.path} = ${p.notRun.join(', ')}`);
  out.push(budgetLine(summary));
  for (const note of summary.notes) out.push(note);
  return out.join('\n');
}
