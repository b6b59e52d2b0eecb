/**
 * The search loop. Stage 0 races the coarse grid (src/optimize/space.ts); each later stage adds the
 * points around the best one and races them with the candidates still in. A stage runs in rounds:
 * every candidate in the race is brought to the same first n seeds (n = FIRST_TEST, then ×GROWTH,
 * up to --max-seeds), then the racing rule (src/optimize/race.ts) drops the condemned (and puts
 * back, from the seeds they had, those dropped by a plan that turned out infeasible). Clearly bad
 * candidates therefore stop after a few seeds and close ones get many. A stage ends when one
 * candidate is left and there is still something to refine, when n reaches --max-seeds, or when
 * the rest of the budget is kept for the refinements still to come; the last stage runs the
 * survivors to --max-seeds so the recommendation's figures rest on as many seeds as the budget
 * allows.
 *
 * Determinism: a round's runs are listed in (candidate id, seed) order and handed back in that
 * order by the task pool, and every decision is taken between rounds from complete data, so the
 * outcome depends on --seed, --budget and --max-seeds only, never on --workers or timing.
 */

import { createHash } from 'node:crypto';
import { DEFAULT_RESAMPLES } from '../sweep/compare.js';
import { metricInfo } from '../sweep/metrics.js';
import { TaskPool, type TaskList } from '../sweep/pool.js';
import type { Scenario } from '../scenario/model.js';
import { Resamples } from './bootstrap.js';
import { buildCandidate, shortNames, type Candidate, type CandidateSource } from './candidates.js';
import { OptimizeInputError } from './errors.js';
import { objectiveValue, score, type Objective } from './objective.js';
import { better, FIRST_TEST, nextSeedCount, raceStep, revivals, type Contender, type Elimination, type Judgement, type RaceStep } from './race.js';
import { requirementValue, shortfall, type Requirement } from './requirement.js';
import { optimizerSeeds } from './seeds.js';
import { coarseGrid, refinements, refinementsLeft, type Point } from './space.js';

export interface OptimizeProblem {
  /** The scenario's name. */
  name: string;
  source: CandidateSource;
  objective: Objective;
  requirements: readonly Requirement[];
}

export interface OptimizeOptions {
  /** Most runs in all. */
  budget: number;
  /** Most seeds any candidate runs. */
  maxSeeds: number;
  /** The first seed of the shared list. */
  firstSeed: number;
  workers: number;
  resamples?: number;
  onProgress?: (progress: OptimizeProgress) => void;
}

export interface OptimizeProgress {
  stage: number;
  round: number;
  /** Seeds per candidate this round. */
  seeds: number;
  /** Candidates still in the race. */
  left: number;
  candidates: number;
  runs: number;
  budget: number;
}

/** Why a candidate is out, and when. */
export type Fate =
  | { kind: 'invalid'; message: string }
  | { kind: 'unrun'; reason: string }
  | (Elimination & { stage: number; round: number; seeds: number });

export interface RoundLog {
  stage: number;
  round: number;
  seeds: number;
  /** Candidates in the race during the round. */
  contenders: number;
  runs: number;
  eliminated: number[];
  /** Candidates put back because the one that eliminated them broke a requirement. */
  revived: number[];
  reference?: number;
}

export interface OptimizeRun {
  problem: OptimizeProblem;
  options: Required<Omit<OptimizeOptions, 'onProgress'>>;
  seeds: number[];
  candidates: Candidate[];
  fates: Map<number, Fate>;
  rounds: RoundLog[];
  runs: number;
  /** `done`: nothing left to refine and the survivors reached --max-seeds (or one was left); `budget`: the budget ran out first. */
  stopped: 'done' | 'budget';
  notes: string[];
  /** The judgement of every candidate still in the race, on the seeds they all ran. */
  final: RaceStep;
  /** The bootstrap resamples of the first n seeds the search used. */
  resamplesOf: (n: number) => Resamples;
}

class Search {
  readonly candidates: Candidate[] = [];
  readonly fates = new Map<number, Fate>();
  readonly rounds: RoundLog[] = [];
  readonly notes: string[] = [];
  readonly seeds: number[];
  private readonly digests = new Map<number, string[]>();
  private readonly resamples = new Map<number, Resamples>();
  private readonly names: string[];
  runs = 0;

  constructor(readonly problem: OptimizeProblem, readonly options: OptimizeRun['options'], private readonly pool: TaskPool, private readonly hooks: Pick<OptimizeOptions, 'onProgress'>) {
    this.seeds = optimizerSeeds(options.firstSeed, options.maxSeeds);
    this.names = shortNames(problem.source.parameters);
  }

  add(points: readonly Point[], stage: number): Candidate[] {
    const added: Candidate[] = [];
    for (const point of points) {
      const candidate = buildCandidate(this.problem.source, point, this.candidates.length, stage, this.names);
      this.candidates.push(candidate);
      if (candidate.invalid !== undefined) this.fates.set(candidate.id, { kind: 'invalid', message: candidate.invalid });
      else added.push(candidate);
    }
    return added;
  }

  alive(): Candidate[] {
    return this.candidates.filter((c) => !this.fates.has(c.id));
  }

  resamplesFor(n: number): Resamples {
    let resamples = this.resamples.get(n);
    if (resamples === undefined) {
      resamples = new Resamples(n, this.options.resamples, `fleetsim:optimize:bootstrap:${this.options.firstSeed}:${n}`);
      this.resamples.set(n, resamples);
    }
    return resamples;
  }

  cost(candidates: readonly Candidate[], n: number): number {
    return candidates.reduce((sum, c) => sum + Math.max(0, n - c.records.length), 0);
  }

  progress(stage: number, round: number, n: number): void {
    this.hooks.onProgress?.({ stage, round, seeds: n, left: this.alive().length, candidates: this.candidates.length, runs: this.runs, budget: this.options.budget });
  }

  /** Brings every candidate to n runs. */
  async run(candidates: readonly Candidate[], n: number, stage: number, round: number): Promise<number> {
    const tasks: Array<{ candidate: Candidate; position: number }> = [];
    for (const candidate of candidates) for (let k = candidate.records.length; k < n; k++) tasks.push({ candidate, position: k });
    const list: TaskList = { length: tasks.length, at: (i) => ({ variant: (tasks[i] as { candidate: Candidate }).candidate.id, seed: this.seeds[(tasks[i] as { position: number }).position] as number }) };
    const scenarios = new Map<number, Scenario>(candidates.map((c) => [c.id, c.scenario as Scenario]));
    await this.pool.run(list, {
      scenarios,
      onRecord: (record, i) => {
        const { candidate, position } = tasks[i] as { candidate: Candidate; position: number };
        if (candidate.records.length !== position) throw new Error(`a run of candidate ${candidate.id} arrived out of order`);
        candidate.records.push(record);
        let digests = this.digests.get(candidate.id);
        if (digests === undefined) this.digests.set(candidate.id, (digests = []));
        digests.push(createHash('sha256').update(JSON.stringify(record.metrics)).digest('hex'));
        this.runs++;
        this.progress(stage, round, n);
      },
    });
    return tasks.length;
  }

  contender(candidate: Candidate, n: number): Contender {
    const { objective, requirements } = this.problem;
    return {
      id: candidate.id,
      objective: Float64Array.from(candidate.records.slice(0, n), (r) => objectiveValue(objective, r)),
      requirements: requirements.map((req) => Float64Array.from(candidate.records, (r) => requirementValue(req, r))),
      fingerprint: (this.digests.get(candidate.id) ?? []).slice(0, n).join(''),
    };
  }

  step(candidates: readonly Candidate[], n: number): RaceStep {
    return raceStep(n, candidates.map((c) => this.contender(c, n)), this.problem.objective, this.problem.requirements, (m) => this.resamplesFor(m));
  }

  /** A metric no run produced is a typo in a controller or action name, not a figure that is 0. */
  checkMetricsExist(): void {
    const refs = [this.problem.objective.metric, ...this.problem.requirements.map((r) => r.metric)];
    for (const ref of refs) {
      if (metricInfo(ref.column).zeroWhenAbsent === true) continue;
      const seen = this.candidates.some((c) => c.records.some((r) => ref.column in r.metrics));
      if (!seen) {
        const controllers = [...new Set(this.candidates.flatMap((c) => Object.keys(c.records[0]?.metrics ?? {})).map((name) => /^management\.controller\.([^.]+)\./.exec(name)?.[1]).filter((x): x is string => x !== undefined))].sort();
        throw new OptimizeInputError(`${ref.name}: no run produced this metric${controllers.length > 0 ? `; the controllers are ${controllers.join(', ')}` : ''}`);
      }
    }
  }

  /** The best candidate of a step: the reference, else the best that meets every requirement by its estimate, else the one closest to meeting them. */
  best(step: RaceStep): Candidate | undefined {
    const { objective, requirements } = this.problem;
    const judged = [...step.judgements.values()].filter((j) => !this.fates.has(j.id));
    if (step.reference !== undefined && !this.fates.has(step.reference)) return this.candidates[step.reference];
    let pick: Judgement | undefined;
    for (const j of judged) if (j.requirements.every((r) => r.met) && (pick === undefined || better(objective, j, pick))) pick = j;
    if (pick === undefined) {
      const miss = (j: Judgement) => j.requirements.reduce((sum, r, k) => sum + shortfall(requirements[k] as Requirement, r.value), 0);
      for (const j of judged) {
        if (pick === undefined || miss(j) < miss(pick) || (miss(j) === miss(pick) && score(objective, j.objective.value) < score(objective, pick.objective.value))) pick = j;
      }
    }
    return pick === undefined ? undefined : this.candidates[pick.id];
  }

  /**
   * Records a step's eliminations, and puts back every candidate eliminated by one that no longer
   * meets every requirement (broken with confidence, or only by its estimate now): an elimination
   * by an infeasible plan says nothing.
   */
  apply(step: RaceStep, stage: number, round: number): { eliminated: number[]; revived: number[] } {
    const eliminated: number[] = [];
    for (const [id, elimination] of step.eliminations) {
      this.fates.set(id, { ...elimination, stage, round, seeds: step.n });
      eliminated.push(id);
    }
    const revived = revivals(step, this.fates);
    for (const id of revived) this.fates.delete(id);
    return { eliminated: eliminated.sort((a, b) => a - b), revived };
  }
}

/** Searches the parameters' space for the candidate with the best objective that meets every requirement. */
export async function runOptimize(problem: OptimizeProblem, options: OptimizeOptions): Promise<OptimizeRun> {
  const resolved: OptimizeRun['options'] = {
    budget: options.budget, maxSeeds: options.maxSeeds, firstSeed: options.firstSeed, workers: options.workers,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
  };
  if (resolved.maxSeeds < 2) throw new OptimizeInputError(`--max-seeds ${resolved.maxSeeds}: expected at least 2 seeds per candidate`);
  const pool = new TaskPool(Math.max(1, options.workers));
  try {
    return await search(problem, resolved, pool, options);
  } finally {
    await pool.close();
  }
}

async function search(problem: OptimizeProblem, options: OptimizeRun['options'], pool: TaskPool, hooks: Pick<OptimizeOptions, 'onProgress'>): Promise<OptimizeRun> {
  const s = new Search(problem, options, pool, hooks);
  const parameters = problem.source.parameters;
  const first = Math.min(FIRST_TEST, options.maxSeeds);
  const grid = s.add(coarseGrid(parameters), 0);
  if (grid.length === 0) {
    const reasons = [...new Set([...s.fates.values()].map((f) => (f.kind === 'invalid' ? f.message : '')))].slice(0, 3);
    throw new OptimizeInputError(`no combination of the --vary values makes a valid scenario: ${reasons.join('; ')}`);
  }
  if (grid.length * first > options.budget) {
    throw new OptimizeInputError(`--budget ${options.budget}: the first round needs ${grid.length * first} runs (${grid.length} candidates × ${first} seeds); give a larger budget or fewer values`);
  }
  let stopped: OptimizeRun['stopped'] = 'done';
  let best: Candidate | undefined;
  let checked = false;
  const tried = () => s.candidates.map((c) => c.point);
  const refinable = () => best !== undefined && refinementsLeft(parameters, best.point, tried()) > 0;
  for (let stage = 0; ; stage++) {
    let n = first;
    let previous = 0;
    for (let round = 0; ; round++) {
      const contenders = s.alive();
      if (contenders.length === 0) break;
      const available = options.budget - s.runs;
      // Later rounds leave what the refinements still to come need for their first two rounds.
      const reserve = refinable() && best !== undefined ? refinementsLeft(parameters, best.point, tried()) * 2 * first : 0;
      if (round > 0 && reserve > 0 && s.cost(contenders, n) > available - reserve) break;
      if (s.cost(contenders, n) > available) {
        // Spend what is left evenly: the most seeds every candidate still in can reach.
        let fit = n - 1;
        while (fit > previous && s.cost(contenders, fit) > available) fit--;
        if (fit <= previous) {
          stopped = 'budget';
          s.notes.push(`The budget ran out in stage ${stage}, round ${round}: ${s.cost(contenders, n)} more runs were needed for ${n} seeds each, ${available} were left.`);
          break;
        }
        n = fit;
      }
      s.progress(stage, round, n);
      const spent = await s.run(contenders, n, stage, round);
      if (!checked) {
        s.checkMetricsExist();
        checked = true;
      }
      const step = s.step(contenders, n);
      const { eliminated, revived } = n >= FIRST_TEST ? s.apply(step, stage, round) : { eliminated: [], revived: [] };
      s.rounds.push({ stage, round, seeds: n, contenders: contenders.length, runs: spent, eliminated, revived, ...(step.reference === undefined ? {} : { reference: step.reference }) });
      best = s.best(step) ?? best;
      s.progress(stage, round, n);
      const left = s.alive();
      if (left.length === 0) break;
      // One left and something to refine: on to the next stage. Else run the survivors up to --max-seeds.
      if (left.length === 1 && revived.length === 0 && refinable()) break;
      if (n >= options.maxSeeds && left.every((c) => c.records.length >= n)) break;
      // Candidates put back rejoin from the seeds they had: the race goes on from the fewest seeds any candidate has.
      previous = Math.min(...left.map((c) => c.records.length));
      n = nextSeedCount(previous, options.maxSeeds);
    }
    if (stopped === 'budget' || best === undefined || s.fates.has(best.id)) break;
    const points = refinements(parameters, best.point, tried());
    if (points.length === 0) break;
    const added = s.add(points, stage + 1);
    const available = options.budget - s.runs;
    if (added.length * first > available) {
      stopped = 'budget';
      s.notes.push(`The budget ran out before stage ${stage + 1} could try ${added.map((c) => c.label).join('; ')} (${added.length * first} runs needed, ${available} left).`);
      for (const c of added) s.fates.set(c.id, { kind: 'unrun', reason: 'the budget ran out before its first round' });
      break;
    }
  }
  if (s.alive().length === 0 && stopped === 'done') s.notes.push('Every candidate was eliminated.');
  const alive = s.alive();
  const nFinal = alive.length === 0 ? 0 : Math.min(...alive.map((c) => c.records.length));
  const final: RaceStep = nFinal > 0 ? s.step(alive, nFinal) : { n: 0, judgements: new Map(), eliminations: new Map() };
  // Duplicates among the survivors (found before the first test when --max-seeds is below it) are set aside like any other.
  for (const [id, elimination] of final.eliminations) if (elimination.kind === 'same') s.fates.set(id, { ...elimination, stage: s.rounds.at(-1)?.stage ?? 0, round: s.rounds.at(-1)?.round ?? 0, seeds: nFinal });
  return { problem, options, seeds: s.seeds, candidates: s.candidates, fates: s.fates, rounds: s.rounds, runs: s.runs, stopped, notes: s.notes, final, resamplesOf: (n) => s.resamplesFor(n) };
}
