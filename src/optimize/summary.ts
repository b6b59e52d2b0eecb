/**
 * optimize.json: the outcome of a search, from its run (src/optimize/optimizer.ts) alone, so the
 * same inputs write the same file whatever the number of workers. The recommendation is the
 * candidate with the best objective among the survivors that meet every requirement on all their
 * runs; a candidate that breaks one is never recommended. Its confidence: the objective's 95 %
 * bootstrap interval, the share of bootstrap resamples in which it is the best survivor, each
 * requirement's estimate with its interval and the exact bound on the share of runs that break
 * it, and the runner-ups that are not significantly worse (paired, on the same seeds).
 *
 * Figures are rounded as sweep.json's are (src/sweep/statistics.ts); ∞ (runs without the figure
 * counted as the worst) is written as null.
 */

import { formatSeeds } from '../sweep/seeds.js';
import { roundStat } from '../sweep/statistics.js';
import type { Setting } from '../sweep/variants.js';
import { FLEETSIM_VERSION } from '../version.js';
import type { Candidate } from './candidates.js';
import { formatChange, formatFigure } from './format.js';
import { metricValue } from './metric.js';
import { objectiveValue, score } from './objective.js';
import type { Fate, OptimizeRun } from './optimizer.js';
import { describeValues, allValues, valueCount } from './parameters.js';
import { axisValue, PARETO_AXES, paretoFront } from './pareto.js';
import { better, CONFIDENCE, estimate, FIRST_TEST, GROWTH, pairedDifference, type Judgement, type RequirementEstimate } from './race.js';
import { requirementValue, shortfall, type Requirement } from './requirement.js';
import { COARSE_POINTS, gridSize, pointKey } from './space.js';
import { statisticLabel, statisticOf } from './statistic.js';

export type Status = 'recommended' | 'runner-up' | 'worse' | 'infeasible' | 'same' | 'invalid' | 'unrun';

/** A figure for JSON: rounded, null for ±∞ or not a number. */
export function figure(value: number): number | null {
  return Number.isFinite(value) ? roundStat(value) : null;
}

function interval(pair: readonly [number, number]): [number | null, number | null] {
  return [figure(pair[0]), figure(pair[1])];
}

export interface RequirementFigures {
  text: string;
  value: number | null;
  interval: [number | null, number | null];
  met: boolean;
  /** Share of bootstrap resamples that meet it. */
  chance: number;
  /** Runs whose own value breaks the bound, of `runs`. */
  beyond: number;
  runs: number;
  /** For a percentile or every-run bound: the share of runs allowed beyond it, and the exact 95 % upper bound on the true share. */
  allowed?: number;
  beyondUpper?: number;
  /** Met (or broken) with confidence. */
  sure: boolean;
  broken: boolean;
}

export interface CandidateSummary {
  id: number;
  label: string;
  settings: Setting[];
  stage: number;
  runs: number;
  status: Status;
  /** One line: why it is where it is. */
  reason: string;
  /** When it left the race (stage, round, seeds), for the eliminated. */
  eliminated?: { stage: number; round: number; seeds: number };
  /** The candidate it lost to (worse) or duplicates (same). */
  than?: number;
  /** Objective and requirement figures over all its runs. */
  objective?: number | null;
  requirements?: Array<number | null>;
  /** PARETO_AXES figures over all its runs. */
  pareto?: Array<number | null>;
  onFront?: boolean;
}

export interface Recommendation {
  id: number;
  label: string;
  settings: Setting[];
  /** The seeds its figures come from: plan.yaml's sweep.seeds. */
  seeds: { spec: string; count: number };
  objective: { value: number | null; interval: [number | null, number | null] };
  /** Share of bootstrap resamples (of the seeds every survivor ran) in which it is the best of the survivors that meet every requirement. */
  chanceBest: number;
  requirements: RequirementFigures[];
  runnerUps: Array<{ id: number; label: string; objective: number | null; difference: { value: number | null; interval: [number | null, number | null] } }>;
  /** Its run on the first seed: what `fleetsim run plan.yaml` reproduces. */
  firstRun: { seed: number; exitCode: number; objective: number | null; requirements: Array<number | null> };
}

export interface OptimizeSummary {
  kind: 'fleetsim-optimize';
  fleetsimVersion: string;
  scenario: string;
  objective: { text: string; metric: string; statistic: string; direction: 'minimize' | 'maximize'; unit: string; description: string };
  requirements: Array<{ text: string; metric: string; statistic: string; op: string; bound: number; unit: string }>;
  parameters: Array<{ path: string; values: string; kind: 'list' | 'range'; count: number; tried: unknown[]; notRun: unknown[] }>;
  method: { firstTest: number; growth: number; coarsePoints: number; confidence: number; resamples: number; maxSeeds: number; firstSeed: number };
  outcome: 'recommended' | 'infeasible';
  stopped: 'done' | 'budget';
  notes: string[];
  recommended: Recommendation | null;
  /** When nothing meets every requirement: the candidates that come closest. */
  closest: number[];
  budget: {
    budget: number;
    runs: number;
    /** Every value of every parameter over --max-seeds seeds, as a sweep would run it. */
    exhaustive: { candidates: number; runs: number };
    stages: number;
    rounds: Array<{ stage: number; round: number; seeds: number; contenders: number; runs: number; eliminated: number[]; revived: number[]; reference: number | null }>;
  };
  pareto: { axes: string[]; front: number[] };
  candidates: CandidateSummary[];
}

function requirementFigures(requirement: Requirement, estimate: RequirementEstimate, runs: number): RequirementFigures {
  return {
    text: requirement.text, value: figure(estimate.value), interval: interval(estimate.interval), met: estimate.met,
    chance: roundStat(estimate.chance), beyond: estimate.beyond, runs,
    ...(estimate.allowed === undefined ? {} : { allowed: estimate.allowed }),
    ...(estimate.beyondUpper === undefined ? {} : { beyondUpper: roundStat(estimate.beyondUpper) }),
    sure: estimate.sure, broken: estimate.broken,
  };
}

/** Share of resamples in which `winner` has the lowest score of `field` (ties shared). */
function chanceBest(winner: Judgement, field: readonly Judgement[]): number {
  const draws = winner.scores.length;
  let wins = 0;
  for (let r = 0; r < draws; r++) {
    const mine = winner.scores[r] as number;
    let best = mine;
    let tied = 0;
    for (const j of field) {
      const v = j.scores[r] as number;
      if (v < best) best = v;
    }
    if (mine !== best) continue;
    for (const j of field) if ((j.scores[r] as number) === best) tied++;
    wins += 1 / Math.max(1, tied);
  }
  return roundStat(wins / draws);
}

interface Classified {
  status: Status;
  reason: (label: (id: number) => string) => string;
  than?: number | undefined;
  eliminated?: { stage: number; round: number; seeds: number } | undefined;
}

export function summarizeOptimize(run: OptimizeRun): OptimizeSummary {
  const { problem, options, candidates, fates, final } = run;
  const { objective, requirements } = problem;
  const change = (v: number) => formatChange(v, objective.metric.unit);
  const requirementFigure = (k: number, v: number) => formatFigure(v, (requirements[k] as Requirement).metric.unit);
  const objectiveOf = (c: Candidate) => statisticOf(objective.statistic, c.records.map((r) => objectiveValue(objective, r)));
  const requirementOf = (c: Candidate, k: number) => {
    const req = requirements[k] as Requirement;
    return statisticOf(req.statistic, c.records.map((r) => requirementValue(req, r)));
  };

  // The survivors: feasible (every requirement met on all their runs) or not, then the best feasible one.
  const finalists = [...final.judgements.values()];
  const feasible = finalists.filter((j) => j.requirements.every((r) => r.met));
  let winner: Judgement | undefined;
  for (const j of feasible) if (winner === undefined || better(objective, j, winner)) winner = j;
  const classified = new Map<number, Classified>();
  const stamp = (fate: Fate) => (fate.kind === 'invalid' || fate.kind === 'unrun' ? undefined : { stage: fate.stage, round: fate.round, seeds: fate.seeds });

  const requirementReason = (k: number, e: RequirementEstimate, runs: number, sure: boolean) => {
    const req = requirements[k] as Requirement;
    const stat = statisticLabel(req.statistic);
    const share = e.allowed === undefined ? '' : `; ${e.beyond} of ${runs} runs beyond the bound, ${e.allowed === 0 ? 'none' : `at most ${Number((e.allowed * 100).toFixed(4))}%`} allowed`;
    return `${sure ? 'breaks' : 'breaks by its estimate'} ${req.text}: ${stat} ${requirementFigure(k, e.value)}${share}${sure ? '' : ' (not yet with confidence)'}`;
  };

  for (const [id, fate] of fates) {
    switch (fate.kind) {
      case 'invalid': classified.set(id, { status: 'invalid', reason: () => `not a valid scenario: ${fate.message}` }); break;
      case 'unrun': classified.set(id, { status: 'unrun', reason: () => `not run: ${fate.reason}` }); break;
      case 'same': classified.set(id, { status: 'same', than: fate.as, eliminated: stamp(fate), reason: (label) => `the same figures as ${label(fate.as)} on each of its ${fate.seeds} seeds: these settings made no difference` }); break;
      case 'infeasible': classified.set(id, { status: 'infeasible', eliminated: stamp(fate), reason: () => requirementReason(fate.requirement, fate.estimate, (candidates[id] as Candidate).records.length, true) }); break;
      case 'worse': classified.set(id, {
        status: 'worse', than: fate.than, eliminated: stamp(fate),
        reason: (label) => `${objective.text} ${change(fate.difference.value)} (95% interval ${change(fate.difference.interval[0])} to ${change(fate.difference.interval[1])}) against ${label(fate.than)}, after ${fate.seeds} seeds`,
      }); break;
    }
  }
  const runnerUps: Recommendation['runnerUps'] = [];
  for (const j of finalists) {
    const broken = j.requirements.findIndex((r) => !r.met);
    const c = candidates[j.id] as Candidate;
    if (broken >= 0) {
      const estimate = j.requirements[broken] as RequirementEstimate;
      classified.set(j.id, { status: 'infeasible', reason: () => `${requirementReason(broken, estimate, c.records.length, estimate.broken)}; in the race to the end, ${c.records.length} seeds` });
      continue;
    }
    if (winner !== undefined && j.id === winner.id) {
      classified.set(j.id, { status: 'recommended', reason: () => (feasible.length === 1 ? 'the only survivor that meets every requirement' : `the best ${objective.text} of the ${feasible.length} survivors that meet every requirement`) });
      continue;
    }
    const w = winner as Judgement;
    const { difference, worse } = pairedDifference(objective, j, w);
    const text = `${objective.text} ${change(difference.value)} (95% interval ${change(difference.interval[0])} to ${change(difference.interval[1])}) against the recommendation, over ${final.n} seeds`;
    if (worse) classified.set(j.id, { status: 'worse', than: w.id, reason: () => `${text}: significantly worse` });
    else {
      classified.set(j.id, { status: 'runner-up', than: w.id, reason: () => `${text}: not significantly worse` });
      runnerUps.push({ id: j.id, label: c.label, objective: figure(j.objective.value), difference: { value: figure(difference.value), interval: interval(difference.interval) } });
    }
  }

  const label = (id: number) => `#${id} (${(candidates[id] as Candidate).label})`;
  const ran = candidates.filter((c) => c.records.length > 0);
  const points = ran.map((c) => PARETO_AXES.map((a) => axisValue(a, c.records)));
  const front = new Set(paretoFront(points).map((i) => (ran[i] as Candidate).id));
  const paretoOf = new Map(ran.map((c, i) => [c.id, points[i] as number[]]));

  const summaries: CandidateSummary[] = candidates.map((c) => {
    const k = classified.get(c.id) as Classified;
    const base: CandidateSummary = {
      id: c.id, label: c.label, settings: c.settings, stage: c.stage, runs: c.records.length, status: k.status, reason: k.reason(label),
      ...(k.eliminated === undefined ? {} : { eliminated: k.eliminated }),
      ...(k.than === undefined ? {} : { than: k.than }),
    };
    if (c.records.length === 0) return base;
    return {
      ...base,
      objective: figure(objectiveOf(c)),
      requirements: requirements.map((_, r) => figure(requirementOf(c, r))),
      pareto: (paretoOf.get(c.id) as number[]).map(figure),
      onFront: front.has(c.id),
    };
  });

  let recommended: Recommendation | null = null;
  if (winner !== undefined) {
    const c = candidates[winner.id] as Candidate;
    const first = c.records[0];
    if (first === undefined) throw new Error('the recommended candidate has no run');
    // Its own figures on all its runs (the comparisons with the other survivors are on the seeds they all ran).
    const values = Float64Array.from(c.records, (r) => objectiveValue(objective, r));
    const own = estimate(values, run.resamplesOf(values.length).statistic(objective.statistic, values), objective.statistic);
    recommended = {
      id: c.id, label: c.label, settings: c.settings,
      seeds: { spec: formatSeeds(run.seeds.slice(0, c.records.length)), count: c.records.length },
      objective: { value: figure(own.value), interval: interval(own.interval) },
      chanceBest: chanceBest(winner, feasible),
      requirements: requirements.map((req, k) => requirementFigures(req, winner?.requirements[k] as RequirementEstimate, c.records.length)),
      runnerUps: runnerUps.sort((a, b) => a.id - b.id),
      firstRun: { seed: first.seed, exitCode: first.exitCode, objective: figure(metricValue(objective.metric, first)), requirements: requirements.map((req) => figure(metricValue(req.metric, first))) },
    };
  }

  // Nothing feasible: the candidates closest to meeting every requirement, then by objective.
  let closest: number[] = [];
  if (winner === undefined) {
    const miss = (c: Candidate) => requirements.reduce((sum, req, k) => sum + shortfall(req, requirementOf(c, k)), 0);
    closest = [...ran].sort((a, b) => miss(a) - miss(b) || score(objective, objectiveOf(a)) - score(objective, objectiveOf(b)) || a.id - b.id).slice(0, 3).map((c) => c.id);
  }

  const triedValues = (d: number) => {
    const seen = new Map<string, unknown>();
    for (const c of ran) seen.set(pointKey([c.point[d]]), c.point[d]);
    return seen;
  };
  return {
    kind: 'fleetsim-optimize',
    fleetsimVersion: FLEETSIM_VERSION,
    scenario: problem.name,
    objective: { text: objective.text, metric: objective.metric.name, statistic: statisticLabel(objective.statistic), direction: objective.direction, unit: objective.metric.unit, description: objective.metric.description },
    requirements: requirements.map((r) => ({ text: r.text, metric: r.metric.name, statistic: statisticLabel(r.statistic), op: r.op, bound: r.bound, unit: r.metric.unit })),
    parameters: problem.source.parameters.map((p, d) => {
      const tried = triedValues(d);
      const values = allValues(p);
      return { path: p.path, values: describeValues(p), kind: p.kind, count: valueCount(p), tried: values.filter((v) => tried.has(pointKey([v]))), notRun: values.filter((v) => !tried.has(pointKey([v]))) };
    }),
    method: { firstTest: FIRST_TEST, growth: GROWTH, coarsePoints: COARSE_POINTS, confidence: CONFIDENCE, resamples: options.resamples, maxSeeds: options.maxSeeds, firstSeed: options.firstSeed },
    outcome: winner === undefined ? 'infeasible' : 'recommended',
    stopped: run.stopped,
    notes: run.notes,
    recommended,
    closest,
    budget: {
      budget: options.budget,
      runs: run.runs,
      exhaustive: { candidates: gridSize(problem.source.parameters), runs: gridSize(problem.source.parameters) * options.maxSeeds },
      stages: 1 + Math.max(0, ...candidates.map((c) => c.stage)),
      rounds: run.rounds.map((r) => ({ stage: r.stage, round: r.round, seeds: r.seeds, contenders: r.contenders, runs: r.runs, eliminated: r.eliminated, revived: r.revived, reference: r.reference ?? null })),
    },
    pareto: { axes: PARETO_AXES.map((a) => a.text), front: [...front].sort((a, b) => a - b) },
    candidates: summaries,
  };
}
