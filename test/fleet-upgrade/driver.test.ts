/** The FleetUpgrade driver against a scripted host: real engine and timeline, fake clusters. */

import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { Timeline, ofType, rolloutCompleted, type TimelineEventType } from '../../src/timeline/index.js';
import { FleetUpgrade, type WaveHealth } from '../../src/fleet/fleet-upgrade.js';
import type { ClusterSpec, UpgradeOperation, WavePlan } from '../../src/scenario/model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MONDAY = Date.UTC(2026, 0, 5);

interface Script {
  /** How long each cluster's upgrade takes (default 10 min). */
  duration?: (name: string) => number;
  health?: (names: readonly string[], since: number, now: number) => WaveHealth;
  alreadyUpgraded?: string[];
}

function drive(targets: string[], waves: Partial<WavePlan>, script: Script = {}) {
  const sim = new Simulation();
  const timeline = new Timeline();
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let doneAt: number | undefined;
  const clusters = targets.map((name) => ({ name, namespace: 'fleet', labels: {} }) as unknown as ClusterSpec);
  const operation: UpgradeOperation = { kind: 'upgrade', at: 0, index: 0, clusters: {}, targets, version: 'v1.35.0', waves: { pauseBetween: 0, gate: 'healthy', ...waves } };
  const upgrade = new FleetUpgrade({
    sim, timeline, clusters, startsAtEpochMs: MONDAY,
    upgradeCluster: (name) => {
      if (script.alreadyUpgraded?.includes(name)) return { verdict: 'current' };
      starts.set(name, sim.now);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sim.after(script.duration?.(name) ?? 10 * MINUTE, () => {
        inFlight--;
        ends.set(name, sim.now);
        const startedAt = starts.get(name) ?? 0;
        timeline.record(rolloutCompleted(sim.now, { cluster: `fleet/${name}`, object: `Cluster/fleet/${name}`, kind: 'upgrade', from: 'v1.34.3', to: operation.version, startedAt, duration: sim.now - startedAt }));
      }, undefined);
      return { verdict: 'started' };
    },
    health: (names, since) => script.health?.(names, since, sim.now) ?? { allReady: true, shortCircuits: 0, remediations: 0 },
    done: () => { doneAt = sim.now; },
  }, operation);
  upgrade.start();
  sim.run({ horizon: 30 * 24 * HOUR });
  const events = <K extends TimelineEventType>(type: K) => timeline.events.filter(ofType(type));
  return { starts, ends, maxInFlight, doneAt: () => doneAt, events, waves: upgrade.waves };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe('FleetUpgrade', () => {
  it('starts each wave after the previous one completed and soaked', () => {
    const run = drive(names(4), { size: 2, pauseBetween: 15 * MINUTE });
    expect(run.starts.get('c1')).toBe(0);
    expect(run.starts.get('c2')).toBe(0);
    expect(run.starts.get('c3')).toBe(10 * MINUTE + 15 * MINUTE);
    expect(run.doneAt()).toBe(35 * MINUTE);
    expect(run.events('wave.completed').map((e) => e.wave)).toEqual([0, 1]);
  });

  it('caps clusters upgrading at once across the fleet, admitting the next as one finishes', () => {
    const run = drive(names(6), { size: 6, maxConcurrentClusters: 2 }, { duration: (n) => (n === 'c1' ? 5 * MINUTE : 10 * MINUTE) });
    expect(run.maxInFlight).toBe(2);
    expect(run.starts.get('c3')).toBe(5 * MINUTE);
    expect(run.starts.get('c4')).toBe(10 * MINUTE);
    expect(run.doneAt()).toBe(Math.max(...run.ends.values()));
  });

  it('waits for the maintenance window to start a wave, and lets started clusters finish after it closes', () => {
    // Weekdays 02:00–03:00; each upgrade takes 50 min; waves of 2 with a 30 min soak.
    const run = drive(names(4), {
      size: 2, pauseBetween: 30 * MINUTE,
      maintenanceWindow: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '02:00', end: '03:00', startMinute: 120, endMinute: 180 },
    }, { duration: () => 50 * MINUTE });
    expect(run.starts.get('c1')).toBe(2 * HOUR);
    // Wave 1 done at 02:50, soaked until 03:20: the window has closed; Tuesday 02:00.
    expect(run.starts.get('c3')).toBe(26 * HOUR);
    expect(run.events('wave.waiting')).toHaveLength(2);
    expect(run.events('wave.waiting')[1]?.until).toBe(26 * HOUR);
  });

  it('does not admit capped clusters outside the window', () => {
    const run = drive(names(3), {
      size: 3, maxConcurrentClusters: 1,
      maintenanceWindow: { days: ['Mon'], start: '00:00', end: '00:15', startMinute: 0, endMinute: 15 },
    });
    expect(run.starts.get('c1')).toBe(0);
    expect(run.starts.get('c2')).toBe(10 * MINUTE);
    // c2 finishes at 00:20, after the window closed: c3 waits for next Monday 00:00.
    expect(run.starts.get('c3')).toBe(7 * 24 * HOUR);
  });

  it('holds a wave while Nodes are not Ready and goes on once they are', () => {
    const run = drive(names(2), { size: 1 }, { health: (_n, _s, now) => ({ allReady: now >= 25 * MINUTE, shortCircuits: 0, remediations: 0 }) });
    expect(run.events('wave.held')).toHaveLength(1);
    expect(run.starts.get('c2')).toBe(25 * MINUTE);
  });

  it('halts for good when the error budget is spent: later waves never start', () => {
    const run = drive(names(3), { size: 1, gate: { maxRemediations: 1 } }, { health: () => ({ allReady: true, shortCircuits: 0, remediations: 2 }) });
    expect([...run.starts.keys()]).toEqual(['c1']);
    const halted = run.events('wave.halted');
    expect(halted).toHaveLength(1);
    expect(halted[0]).toMatchObject({ wave: 0, remediations: 2, clustersNotStarted: 2 });
    expect(run.doneAt()).toBe(10 * MINUTE);
  });

  it('halts on a MachineHealthCheck short-circuit under the healthy gate', () => {
    const run = drive(names(2), { size: 1, gate: 'healthy' }, { health: () => ({ allReady: true, shortCircuits: 1, remediations: 0 }) });
    expect(run.starts.has('c2')).toBe(false);
    expect(run.events('wave.halted')).toHaveLength(1);
  });

  it('with gate none, starts waves pauseBetween apart and finishes when the last cluster does', () => {
    const run = drive(names(3), { size: 1, gate: 'none', pauseBetween: 2 * MINUTE }, { duration: (n) => (n === 'c1' ? 60 * MINUTE : 10 * MINUTE) });
    expect([...run.starts.values()]).toEqual([0, 2 * MINUTE, 4 * MINUTE]);
    expect(run.doneAt()).toBe(60 * MINUTE);
  });

  it('counts clusters already on the version as done', () => {
    const run = drive(names(3), { size: 2 }, { alreadyUpgraded: ['c1', 'c2'] });
    expect(run.starts.get('c3')).toBe(0);
    expect(run.doneAt()).toBe(10 * MINUTE);
  });
});
