import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Millis } from '../../src/engine/duration.js';
import { Simulation } from '../../src/engine/simulation.js';
import { RandomStreams } from '../../src/engine/random.js';
import { constant } from '../../src/engine/distribution.js';
import { ObjectStore } from '../../src/kube/store.js';
import { Manager } from '../../src/kube/manager.js';
import { CAPI_RATE_LIMITER, failureBackoff } from '../../src/kube/rate-limiter.js';
import { PENDING, type ReconcileResult } from '../../src/kube/controller.js';

function setup(options: { concurrency?: number; cost?: number; qps?: number; burst?: number; interval?: number } = {}) {
  const sim = new Simulation();
  const store = new ObjectStore(sim);
  const manager = new Manager(sim, store, new RandomStreams(1), { clientQPS: options.qps ?? 1000, clientBurst: options.burst ?? 1000, syncPeriod: 0 });
  const keys = ['a', 'b', 'c'];
  const controller = manager.addController({
    name: 'test', concurrency: options.concurrency ?? 1, reconcileCost: constant(options.cost ?? 10),
    rateLimiter: { ...CAPI_RATE_LIMITER, interval: options.interval ?? 1000 }, listKeys: () => keys,
  });
  const runs: Array<[string, number]> = [];
  let result: (key: string) => ReconcileResult | undefined | typeof PENDING = () => undefined;
  controller.setReconciler((key) => {
    runs.push([key, sim.now]);
    return result(key);
  });
  return { sim, store, manager, controller, runs, setResult: (r: typeof result) => { result = r; } };
}

describe('resync elision', () => {
  function resyncSetup(elide: boolean) {
    const sim = new Simulation();
    const store = new ObjectStore(sim);
    const manager = new Manager(sim, store, new RandomStreams(1), { clientQPS: 1000, clientBurst: 1000, syncPeriod: 60_000 });
    const object = store.create('Thing', { name: 'a', namespace: 'ns' }, {}, {});
    const controller = manager.addController({
      name: 'test', concurrency: 1, reconcileCost: constant(10), rateLimiter: CAPI_RATE_LIMITER,
      listKeys: () => ['Thing/ns/a'], elideUnchangedResyncs: elide,
    });
    const runs: number[] = [];
    let result: ReconcileResult | undefined;
    controller.setReconciler(() => { runs.push(sim.now); return result; });
    return { sim, store, object, manager, controller, runs, setResult: (r: ReconcileResult | undefined) => { result = r; } };
  }

  // Resync periods are jittered per informer: SyncPeriod × [0.9, 1.1) (controller-runtime
  // pkg/cache/internal/informers.go calculateResyncPeriod), so the test reads the drawn period P
  // and checks it against that range; horizons are chosen so that exactly n resyncs fit for any P
  // in the range (n × 1.1 × 60 s + 1 s < (n + 1) × 0.9 × 60 s for n ≤ 4).
  const horizonFor = (resyncs: number): number => resyncs * 66_000 + 1000;

  it('does not run the logic of a resync of an unchanged object, but counts it and its worker time', () => {
    const { sim, manager, controller, runs } = resyncSetup(true);
    const period = manager.resyncPeriods.get('test')!;
    expect(period).toBeGreaterThanOrEqual(54_000);
    expect(period).toBeLessThan(66_000);
    manager.relistAll(); // start-up list: always reconciled
    sim.run({ horizon: horizonFor(3) });
    expect(runs).toEqual([10]);
    expect(controller.metrics.reconciles).toBe(4);
    expect(controller.metrics.resyncsElided).toBe(3);
    expect(controller.metrics.busyMs).toBe(40);
  });

  it('runs a resync when the object changed, when asked for by a watch, or when the reconcile needs the resync', () => {
    const changed = resyncSetup(true);
    const p = changed.manager.resyncPeriods.get('test')!;
    changed.manager.relistAll();
    changed.sim.at(30_000, () => { changed.store.update(changed.object); }, undefined);
    changed.sim.run({ horizon: horizonFor(1) });
    expect(changed.runs).toEqual([10, p + 10]);

    const needy = resyncSetup(true);
    needy.setResult({ needsResync: true });
    needy.manager.relistAll();
    needy.sim.run({ horizon: horizonFor(2) });
    expect(needy.runs).toEqual([10, p + 10, 2 * p + 10]);

    const off = resyncSetup(false);
    off.manager.relistAll();
    off.sim.run({ horizon: horizonFor(2) });
    expect(off.runs).toEqual([10, p + 10, 2 * p + 10]);
  });
});

describe('informer resync jitter (controller-runtime calculateResyncPeriod: SyncPeriod × [0.9, 1.1))', () => {
  function periods(seed: number, names: readonly string[], syncPeriod = 600_000): Millis[] {
    const sim = new Simulation();
    const manager = new Manager(sim, new ObjectStore(sim), new RandomStreams(seed), { clientQPS: 1000, clientBurst: 1000, syncPeriod });
    for (const name of names) {
      manager.addController({ name, concurrency: 1, reconcileCost: constant(1), rateLimiter: CAPI_RATE_LIMITER, listKeys: () => [] });
    }
    return names.map((name) => manager.resyncPeriods.get(name)!);
  }
  const NAMES = ['cluster', 'machine', 'machineset', 'machinedeployment', 'machinehealthcheck', 'kubeadmcontrolplane'];

  it('draws every informer\'s period inside the range, from its own named stream', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 3_600_000 }), (seed, syncPeriod) => {
      for (const period of periods(seed, NAMES, syncPeriod)) {
        expect(period).toBeGreaterThanOrEqual(Math.max(1, Math.floor(0.9 * syncPeriod)));
        expect(period).toBeLessThan(Math.max(2, 1.1 * syncPeriod));
      }
      // A controller's period depends only on the seed and its name, not on the others registered.
      expect(periods(seed, ['machine'], syncPeriod)).toEqual([periods(seed, NAMES, syncPeriod)[1]]);
    }), { numRuns: 50 });
  });

  it('takes controllers out of lock-step, and is a function of the seed', () => {
    const drawn = periods(7, NAMES);
    expect(new Set(drawn).size).toBe(NAMES.length);
    expect(periods(7, NAMES)).toEqual(drawn);
    expect(periods(8, NAMES)).not.toEqual(drawn);
  });
});

describe('Controller work queue', () => {
  it('de-duplicates a key added many times before a worker takes it', () => {
    const { sim, controller, runs } = setup();
    controller.enqueue('x'); // takes the only worker
    controller.enqueue('a');
    controller.enqueue('b');
    controller.enqueue('a');
    controller.enqueue('a');
    expect(controller.depth).toBe(2);
    sim.run({ horizon: 10_000 });
    expect(runs.map((r) => r[0])).toEqual(['x', 'a', 'b']);
  });

  it('reconciles a key added during its own reconcile once more afterwards, after the rate-limit interval', () => {
    const { sim, controller, runs, setResult } = setup();
    let first = true;
    setResult(() => {
      if (first) { first = false; controller.enqueue('a'); }
      return undefined;
    });
    controller.enqueue('a');
    sim.run({ horizon: 10_000 });
    expect(runs).toEqual([['a', 10], ['a', 1010 + 10]]);
  });

  it('runs at most `concurrency` reconciles at once, each taking the reconcile cost', () => {
    const { sim, controller, runs } = setup({ concurrency: 2, cost: 100 });
    for (const key of ['a', 'b', 'c', 'd']) controller.enqueue(key);
    expect(controller.activeWorkers).toBe(2);
    sim.run({ horizon: 10_000 });
    expect(runs).toEqual([['a', 100], ['b', 100], ['c', 200], ['d', 200]]);
  });

  it('honours requeueAfter and backs off exponentially on errors', () => {
    const { sim, controller, runs, setResult } = setup({ cost: 0 });
    let calls = 0;
    setResult(() => (++calls <= 3 ? { error: 'boom' } : calls === 4 ? { requeueAfter: 5000 } : undefined));
    controller.enqueue('a');
    sim.run({ horizon: 100_000 });
    const times = runs.map((r) => r[1]);
    expect(times[1]! - times[0]!).toBe(failureBackoff(CAPI_RATE_LIMITER, 1));
    expect(times[2]! - times[1]!).toBe(failureBackoff(CAPI_RATE_LIMITER, 2));
    expect(times[3]! - times[2]!).toBe(failureBackoff(CAPI_RATE_LIMITER, 3));
    expect(times[4]! - times[3]!).toBe(5000);
    expect(controller.metrics.errors).toBe(3);
  });

  it('caps error backoff at 1000 s (CAPI builder)', () => {
    expect(failureBackoff(CAPI_RATE_LIMITER, 1)).toBe(1010);
    expect(failureBackoff(CAPI_RATE_LIMITER, 30)).toBe(1_000_000);
  });

  it('holds a worker while a reconcile is pending, including one finished synchronously', () => {
    const { sim, controller, runs, setResult } = setup({ cost: 0 });
    setResult((key) => {
      if (key === 'a') { sim.after(500, () => controller.finish('a'), undefined); return PENDING; }
      controller.finish(key);
      return PENDING;
    });
    controller.enqueue('a');
    controller.enqueue('b');
    controller.enqueue('c');
    sim.run({ horizon: 10_000 });
    expect(runs).toEqual([['a', 0], ['b', 500], ['c', 500]]);
  });

  it('drops queued work while the manager is paused and relists everything on resume', () => {
    const { sim, manager, controller, runs } = setup({ cost: 0 });
    manager.pause();
    controller.enqueue('a');
    sim.run({ horizon: 5000 });
    expect(runs).toEqual([]);
    manager.resume();
    sim.run({ horizon: 10_000 });
    expect(runs.map((r) => r[0])).toEqual(['a', 'b', 'c']);
  });

  it('nests pauses by reason: overlapping outages resume only when the last one ends', () => {
    const { sim, manager, controller, runs } = setup({ cost: 0 });
    expect(manager.pause('clusterctl move')).toBe(true);
    expect(manager.pause('management outage')).toBe(false);
    expect(manager.resume('clusterctl move')).toBe(false);
    controller.enqueue('a');
    sim.run({ horizon: 5000 });
    expect(runs).toEqual([]);
    expect(manager.resume('management outage')).toBe(true);
    sim.run({ horizon: 10_000 });
    expect(runs.map((r) => r[0])).toEqual(['a', 'b', 'c']);
  });

  it('holds workers for the client rate limit when reconciles write', () => {
    const { sim, store, controller, runs, setResult } = setup({ cost: 0, qps: 1, burst: 1, concurrency: 1 });
    setResult((key) => { store.create('Thing', { name: key, namespace: 'ns' }, {}, {}); return undefined; });
    for (const key of ['a', 'b', 'c']) controller.enqueue(key);
    sim.run({ horizon: 10_000 });
    // One token at the start, then one a second: the second and third writes wait.
    expect(runs).toEqual([['a', 0], ['b', 0], ['c', 1000]]);
  });
});

describe('queue state of deleted objects', () => {
  it('is dropped once idle past its rate-limit interval, and a key added again reconciles as a fresh one', () => {
    const sim = new Simulation();
    const store = new ObjectStore(sim);
    const manager = new Manager(sim, store, new RandomStreams(1), { clientQPS: 1e6, clientBurst: 1e6, syncPeriod: 0 });
    const controller = manager.addController({ name: 'test', concurrency: 4, reconcileCost: constant(10), rateLimiter: CAPI_RATE_LIMITER, listKeys: () => [] });
    const runs: Array<[string, number]> = [];
    controller.setReconciler((key) => { runs.push([key, sim.now]); return undefined; });
    // 5,000 objects created, reconciled and deleted, one every 10 ms; then one more release triggers the sweeps.
    for (let i = 0; i < 5000; i++) {
      sim.at(i * 10, () => {
        const object = store.create('Thing', { name: `t${i}`, namespace: 'ns' }, {}, {});
        controller.enqueue(`Thing/ns/t${i}`);
        sim.after(5, () => store.delete(object), undefined);
      }, undefined);
    }
    sim.run({ horizon: 200_000 });
    expect(runs.length).toBe(5000);
    expect(controller.trackedKeys).toBeLessThan(5000 - 4096 + 200);
    // The key of a dropped state reconciles again at once, as a fresh key would.
    const again = sim.now;
    store.create('Thing', { name: 't0', namespace: 'ns' }, {}, {});
    controller.enqueue('Thing/ns/t0');
    sim.run({ horizon: 300_000 });
    expect(runs.at(-1)).toEqual(['Thing/ns/t0', again + 10]);
  });
});
