/**
 * The racing rule: after each round every candidate still in the race has run the same first n
 * seeds, and the rule drops those the data already condemn. This is F-Race's scheme (Birattari,
 * Stützle, Paquete & Varrentrapp, "A Racing Algorithm for Configuring Metaheuristics", GECCO 2002;
 * also irace, López-Ibáñez et al. 2016): candidates are evaluated on the same instances in blocks
 * (here, seeds: common random numbers), testing starts after FIRST_TEST blocks, and a candidate is
 * dropped once a test on the blocks so far shows it worse than the best. F-Race tests ranks (the
 * Friedman test); the objective here is a statistic of the runs, often a tail percentile, so the
 * test is a paired bootstrap interval of the difference in that statistic (src/optimize/bootstrap.ts),
 * as in the blocked races of Moore & Lee ("Efficient Algorithms for Minimizing Cross Validation
 * Error", ICML 1994).
 *
 * Requirements are chance constraints. A candidate is dropped when it breaks one with confidence:
 * for a percentile, when the exact binomial interval of the share of runs beyond the bound lies
 * above the share the percentile allows (`p5 >= 0.8` allows 5 % of runs below 0.8;
 * src/optimize/binomial.ts); for a mean, when its bootstrap interval lies beyond the bound; for an
 * every-run bound (`:max <= 0`), at the first run that breaks it. The reference that others are
 * tested against is the best candidate whose estimates meet every requirement; when a reference
 * later stops meeting one, every candidate it eliminated comes back into the race (revivals,
 * below), so a feasible plan is never lost to one that was not.
 */

import { clopperPearson } from './binomial.js';
import { differences, percentileInterval, share, type Resamples } from './bootstrap.js';
import { score, type Objective } from './objective.js';
import { isEveryRun, meets, type Requirement } from './requirement.js';
import { statisticOf } from './statistic.js';

/** Seeds every candidate runs before the first test (F-Race and irace start testing after 5 instances). */
export const FIRST_TEST = 5;
/** Each round adds half as many seeds again: few rounds (each a batch for the worker threads), decisions soon. */
export const GROWTH = 1.5;
/** Two-sided level of every interval; a drop needs the whole interval on one side. */
export const CONFIDENCE = 0.95;

export function nextSeedCount(n: number, max: number): number {
  return Math.min(max, Math.max(n + 1, Math.ceil(n * GROWTH)));
}

export interface Contender {
  id: number;
  /** The objective's value on each of the first n seeds (worst value where a run lacks it): compared pairwise, so on the seeds every contender ran. */
  objective: Float64Array;
  /** Each requirement's value on every seed the candidate ran: a candidate's own property, so on all its runs. */
  requirements: Float64Array[];
  /** Equal fingerprints: the very same figures on every seed (the settings make no difference). */
  fingerprint: string;
}

export interface Estimate {
  /** On the n seeds. */
  value: number;
  /** Percentile bootstrap interval at CONFIDENCE. */
  interval: [number, number];
}

export interface RequirementEstimate extends Estimate {
  /** The point estimate meets the bound. */
  met: boolean;
  /** Share of bootstrap resamples in which it does. */
  chance: number;
  /** Runs whose own value breaks the bound. */
  beyond: number;
  /** For a percentile or every-run bound: the share of runs it allows beyond the bound, and the exact upper bound on the true share given `beyond` of n. */
  allowed?: number;
  beyondUpper?: number;
  /** Met with confidence: the percentile's binomial upper bound is within what it allows, the mean's interval meets the bound; an every-run bound only by its estimate. */
  sure: boolean;
  /** Broken with confidence (the binomial lower bound beyond what is allowed; the mean's whole interval; any run for an every-run bound). */
  broken: boolean;
}

export interface Judgement {
  id: number;
  objective: Estimate;
  /** The objective's draws, turned so lower is better (for paired differences and the chance of being best). */
  scores: Float64Array;
  requirements: RequirementEstimate[];
}

export type Elimination =
  | { kind: 'same'; as: number }
  | { kind: 'infeasible'; requirement: number; estimate: RequirementEstimate }
  | { kind: 'worse'; than: number; difference: Estimate };

export interface RaceStep {
  n: number;
  judgements: Map<number, Judgement>;
  eliminations: Map<number, Elimination>;
  /** The best candidate whose estimates meet every requirement, if any: the one others are tested against. */
  reference?: number;
}

export function estimate(values: Float64Array, draws: Float64Array, statistic: Parameters<typeof statisticOf>[0]): Estimate {
  return { value: statisticOf(statistic, values), interval: percentileInterval(draws, CONFIDENCE) };
}

export function judgeRequirement(requirement: Requirement, values: Float64Array, resamples: Resamples): RequirementEstimate {
  const draws = resamples.statistic(requirement.statistic, values);
  const base = estimate(values, draws, requirement.statistic);
  const met = meets(requirement, base.value);
  const chance = share(draws, (v) => meets(requirement, v));
  let beyond = 0;
  for (let i = 0; i < values.length; i++) if (!meets(requirement, values[i] as number)) beyond++;
  const { statistic } = requirement;
  if (isEveryRun(requirement) || statistic.kind === 'quantile') {
    const lower = requirement.op === '>=' || requirement.op === '>';
    const allowed = statistic.kind === 'quantile' ? (lower ? statistic.p : 1 - statistic.p) : 0;
    const [lo, hi] = clopperPearson(beyond, values.length, CONFIDENCE);
    if (isEveryRun(requirement)) return { ...base, met, chance, beyond, allowed, beyondUpper: hi, sure: met, broken: !met };
    return { ...base, met, chance, beyond, allowed, beyondUpper: hi, sure: hi <= allowed, broken: lo > allowed };
  }
  const [lo, hi] = base.interval;
  return { ...base, met, chance, beyond, sure: meets(requirement, lo) && meets(requirement, hi), broken: !meets(requirement, lo) && !meets(requirement, hi) };
}

/** Resamples of the first n seeds, shared by every candidate judged on them. */
export type ResamplesOf = (n: number) => Resamples;

export function judge(contender: Contender, objective: Objective, requirements: readonly Requirement[], resamples: ResamplesOf): Judgement {
  const draws = resamples(contender.objective.length).statistic(objective.statistic, contender.objective);
  return {
    id: contender.id,
    objective: estimate(contender.objective, draws, objective.statistic),
    scores: draws.map((d) => score(objective, d)),
    requirements: requirements.map((r, k) => {
      const values = contender.requirements[k] as Float64Array;
      return judgeRequirement(r, values, resamples(values.length));
    }),
  };
}

/** The paired difference candidate − reference in the objective's unit, and whether it is worse with confidence. */
export function pairedDifference(objective: Objective, candidate: Judgement, reference: Judgement): { difference: Estimate; worse: boolean } {
  const oriented = differences(candidate.scores, reference.scores);
  const [lo, hi] = percentileInterval(oriented, CONFIDENCE);
  const sign = objective.direction === 'minimize' ? 1 : -1;
  const value = candidate.objective.value - reference.objective.value;
  const interval: [number, number] = sign > 0 ? [lo, hi] : [-hi, -lo];
  return { difference: { value: Number.isNaN(value) ? 0 : value, interval }, worse: lo > 0 };
}

/** Lower score first, then lower id. */
export function better(objective: Objective, a: Judgement, b: Judgement): boolean {
  const sa = score(objective, a.objective.value);
  const sb = score(objective, b.objective.value);
  return sa < sb || (sa === sb && a.id < b.id);
}

/** One round's decisions over contenders that all ran the same first n seeds (in id order). */
export function raceStep(n: number, contenders: readonly Contender[], objective: Objective, requirements: readonly Requirement[], resamples: ResamplesOf): RaceStep {
  const eliminations = new Map<number, Elimination>();
  const judgements = new Map<number, Judgement>();
  const firstWith = new Map<string, number>();
  const live: Judgement[] = [];
  for (const contender of contenders) {
    const same = firstWith.get(contender.fingerprint);
    if (same !== undefined) {
      eliminations.set(contender.id, { kind: 'same', as: same });
      continue;
    }
    firstWith.set(contender.fingerprint, contender.id);
    const judgement = judge(contender, objective, requirements, resamples);
    judgements.set(contender.id, judgement);
    const broken = judgement.requirements.findIndex((r) => r.broken);
    if (broken >= 0) eliminations.set(contender.id, { kind: 'infeasible', requirement: broken, estimate: judgement.requirements[broken] as RequirementEstimate });
    else live.push(judgement);
  }
  let reference: Judgement | undefined;
  for (const j of live) if (j.requirements.every((r) => r.met) && (reference === undefined || better(objective, j, reference))) reference = j;
  if (reference !== undefined) {
    for (const j of live) {
      if (j.id === reference.id) continue;
      const { difference, worse } = pairedDifference(objective, j, reference);
      if (worse) eliminations.set(j.id, { kind: 'worse', than: reference.id, difference });
    }
  }
  return { n, judgements, eliminations, ...(reference === undefined ? {} : { reference: reference.id }) };
}

/**
 * The candidates to put back after a step: those eliminated as worse than a candidate that this
 * step judged not to meet every requirement (or dropped as infeasible). An elimination by a plan
 * that is not feasible says nothing about the eliminated.
 */
export function revivals(step: RaceStep, eliminated: ReadonlyMap<number, { kind: string; than?: number }>): number[] {
  const fallen = new Set<number>();
  for (const [id, judgement] of step.judgements) if (!judgement.requirements.every((r) => r.met)) fallen.add(id);
  const back: number[] = [];
  for (const [id, fate] of eliminated) if (fate.kind === 'worse' && fate.than !== undefined && fallen.has(fate.than)) back.push(id);
  return back.sort((a, b) => a - b);
}
