/** The racing rule on synthetic figures: who is dropped, against whom, and who is never used as the reference. */

import { describe, expect, it } from 'vitest';
import { Resamples } from '../../src/optimize/bootstrap.js';
import { parseObjective } from '../../src/optimize/objective.js';
import { raceStep, revivals, type Contender } from '../../src/optimize/race.js';
import { parseRequirement } from '../../src/optimize/requirement.js';
import { Random } from '../../src/engine/random.js';

const cache = new Map<number, Resamples>();
const resamples = (n: number) => {
  if (!cache.has(n)) cache.set(n, new Resamples(n, 2000, `test:${n}`));
  return cache.get(n) as Resamples;
};

const objective = parseObjective('fleet.upgradeMakespan:p95', 'minimize');
const availability = parseRequirement('cluster.minAvailableRatio:p5 >= 0.8');
const shortCircuits = parseRequirement('mhc.shortCircuits:max <= 0');

/** Makespans around `centre` with the seed-to-seed noise every candidate shares (common random numbers) and a little of its own. */
function contender(id: number, centre: number, options: { n?: number; availability?: number[]; shortCircuits?: number[]; own?: number; fingerprint?: string } = {}): Contender {
  const n = options.n ?? 8;
  const shared = new Random('shared noise');
  const own = new Random(`own ${id}`);
  const objectiveValues = Float64Array.from({ length: n }, () => centre + shared.next() * 600 + own.next() * (options.own ?? 10));
  return {
    id,
    objective: objectiveValues,
    requirements: [Float64Array.from(options.availability ?? Array.from({ length: n }, () => 0.9)), Float64Array.from(options.shortCircuits ?? Array.from({ length: n }, () => 0))],
    fingerprint: options.fingerprint ?? `candidate ${id}`,
  };
}

describe('raceStep', () => {
  it('drops a clearly slower candidate against the best feasible one, keeps a close one', () => {
    const step = raceStep(8, [contender(0, 1000), contender(1, 4000), contender(2, 1000)], objective, [availability, shortCircuits], resamples);
    expect(step.reference).toBe(0);
    expect(step.eliminations.get(1)).toMatchObject({ kind: 'worse', than: 0 });
    const worse = step.eliminations.get(1);
    if (worse?.kind !== 'worse') throw new Error('expected worse');
    expect(worse.difference.value).toBeGreaterThan(2900);
    expect(worse.difference.interval[0]).toBeGreaterThan(0);
    expect(step.eliminations.has(2)).toBe(false);
  });

  it('drops a candidate at its first run that breaks an every-run bound, and one whose runs mostly break a percentile bound', () => {
    const step = raceStep(5, [
      contender(0, 1000, { n: 5 }),
      contender(1, 500, { n: 5, shortCircuits: [0, 0, 0, 1, 0] }),
      contender(2, 500, { n: 5, availability: [0.9, 0.5, 0.9, 0.6, 0.7] }),
    ], objective, [availability, shortCircuits], resamples);
    expect(step.eliminations.get(1)).toMatchObject({ kind: 'infeasible', requirement: 1 });
    // 3 of 5 runs below 0.8: the exact lower bound on the share below (15 %) is above the 5 % p5 allows.
    const broken = step.eliminations.get(2);
    expect(broken).toMatchObject({ kind: 'infeasible', requirement: 0 });
    if (broken?.kind !== 'infeasible') throw new Error('expected infeasible');
    expect(broken.estimate.beyond).toBe(3);
    expect(broken.estimate.allowed).toBe(0.05);
    expect(step.reference).toBe(0);
  });

  it('never takes a candidate that breaks a requirement by its estimate as the reference, nor drops it before the evidence is in', () => {
    // Fastest, but one of 8 runs dips below 0.8: p5 fails, yet 1 of 8 is not proof that more than 5 % of runs would.
    const risky = contender(0, 100, { availability: [0.9, 0.9, 0.9, 0.7, 0.9, 0.9, 0.9, 0.9] });
    const step = raceStep(8, [risky, contender(1, 1000), contender(2, 4000)], objective, [availability, shortCircuits], resamples);
    expect(step.judgements.get(0)?.requirements[0]).toMatchObject({ met: false, broken: false, beyond: 1 });
    expect(step.reference).toBe(1);
    expect(step.eliminations.has(0)).toBe(false);
    expect(step.eliminations.get(2)).toMatchObject({ kind: 'worse', than: 1 });
  });

  it('keeps one of several candidates whose every figure is the same on every seed', () => {
    const step = raceStep(8, [contender(0, 1000, { fingerprint: 'x' }), contender(1, 1000, { fingerprint: 'x' }), contender(2, 1000, { fingerprint: 'y', own: 30 })], objective, [], resamples);
    expect(step.eliminations.get(1)).toEqual({ kind: 'same', as: 0 });
    expect(step.eliminations.has(0)).toBe(false);
    expect(step.judgements.has(1)).toBe(false);
  });

  it('drops nothing on the objective when no candidate meets the requirements', () => {
    const low = Array.from({ length: 8 }, (_, i) => (i === 0 ? 0.7 : 0.9));
    const step = raceStep(8, [contender(0, 1000, { availability: low }), contender(1, 9000, { availability: low })], objective, [availability], resamples);
    expect(step.reference).toBeUndefined();
    expect(step.eliminations.size).toBe(0);
  });

  it('reads a maximized objective the other way round', () => {
    const highest = parseObjective('fleet.clustersUpgraded:mean', 'maximize');
    const step = raceStep(8, [contender(0, 1000), contender(1, 4000)], highest, [], resamples);
    expect(step.reference).toBe(1);
    const lower = step.eliminations.get(0);
    if (lower?.kind !== 'worse') throw new Error('expected worse');
    expect(lower.difference.value).toBeLessThan(0);
    expect(lower.difference.interval[1]).toBeLessThan(0);
  });

  it('puts back the candidates a reference eliminated once that reference stops meeting a requirement', () => {
    const early = raceStep(5, [contender(0, 100, { n: 5 }), contender(1, 1000, { n: 5 }), contender(2, 900, { n: 5 })], objective, [availability], resamples);
    expect(early.reference).toBe(0);
    const eliminated = new Map([...early.eliminations].map(([id, e]) => [id, e as { kind: string; than?: number }]));
    expect([...eliminated.keys()].sort()).toEqual([1, 2]);
    // Later runs of the reference dip below 0.8 often enough that its p5 fails.
    const later = raceStep(12, [contender(0, 100, { n: 12, availability: [0.9, 0.5, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9] })], objective, [availability], resamples);
    expect(later.judgements.get(0)?.requirements[0]?.met).toBe(false);
    expect(revivals(later, eliminated)).toEqual([1, 2]);
    // While it still meets them, nobody comes back.
    expect(revivals(raceStep(12, [contender(0, 100, { n: 12 })], objective, [availability], resamples), eliminated)).toEqual([]);
  });
});
