/**
 * zoneOutage end to end: the zone's Nodes lose their kubelets, creates in the zone fail until it
 * comes back, other zones and regions are untouched, `for` brings the Nodes back; and the CAPI
 * consequence: MachineHealthCheck replaces the dead zone's worker, and the replacement placed in
 * the dead zone only runs once the zone is back.
 */

import { describe, expect, it } from 'vitest';
import { parseObjectKey } from '../../src/kube/keys.js';
import { MINUTE, UNKNOWN_AFTER, conditionAt, expectUnknownAfterStop, nodesOf, ofType, runFleet, unknownAt } from './helpers.js';

const START = MINUTE;
const END = 21 * MINUTE;

describe('zoneOutage', () => {
  it('stops the zone\'s kubelets, holds creates in the zone, and brings both back when `for` ends', () => {
    const run = runFleet({ faults: `
  - at: 1m
    zoneOutage: { zone: local-a, for: 20m }
`, operations: `
  - at: 5m
    scale: { clusters: { names: [c] }, pool: md, replicas: 6 }
` });
    expect(run.outcome.settled).toBe(true);
    const zoneOf = new Map(ofType(run.events, 'machine.created').map((e) => [parseObjectKey(e.object).name, e.zone]));
    const inZone = [...zoneOf].filter(([, zone]) => zone === 'local-a').map(([name]) => name);
    const initial = ofType(run.events, 'machine.created').filter((e) => e.t === 0).map((e) => parseObjectKey(e.object).name);
    const hit = initial.filter((name) => zoneOf.get(name) === 'local-a');
    expect(hit.length).toBeGreaterThan(0);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: START, fault: 'zoneOutage', index: 0, target: { zone: 'local-a', clusters: ['default/c'], nodes: hit.length, providers: ['docker/default/local'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: END, fault: 'zoneOutage' }]);
    for (const name of initial) {
      const down = zoneOf.get(name) === 'local-a';
      // The dead zone's Nodes turn Unknown inside the heartbeat window after the outage starts,
      // each at its own instant; the other zones' never do.
      if (down) expect(conditionAt(run.events, name, expectUnknownAfterStop(run.events, name, START) - 1)).toBe('True');
      else expect(unknownAt(run.events, name)).toBeUndefined();
      expect(conditionAt(run.events, name, END)).toBe('True');
    }
    // Machines the scale-up put in the dead zone run only after it is back; the others at once.
    const running = new Map(ofType(run.events, 'machine.phase').filter((e) => e.phase === 'Running' && e.t > 0).map((e) => [parseObjectKey(e.object).name, e.t]));
    const scaled = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(scaled.length).toBe(3);
    for (const created of scaled) {
      const name = parseObjectKey(created.object).name;
      if (inZone.includes(name)) expect(running.get(name)!).toBeGreaterThan(END);
      else expect(running.get(name)!).toBeLessThan(END);
    }
    expect(nodesOf(run.world).every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });

  it('hits only the region (and cloud) it names', () => {
    const cluster = (name: string, region: string) => `
  - name: ${name}
    provider: docker
    region: ${region}
    zones: [z1, z2]
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 2 }]
`;
    const run = runFleet({ clusters: cluster('east', 'east') + cluster('west', 'west'), faults: `
  - at: 1m
    zoneOutage: { zone: z1, region: east }
` });
    expect(ofType(run.events, 'fault.started')[0]!.target).toMatchObject({ zone: 'z1', region: 'east', clusters: ['default/east'], providers: ['docker/default/east'] });
    const east = nodesOf(run.world, 'default/east');
    expect(east.filter((n) => n.zone === 'z1').every((n) => n.conditions.Ready.status === 'Unknown')).toBe(true);
    expect(east.filter((n) => n.zone === 'z2').every((n) => n.conditions.Ready.status === 'True')).toBe(true);
    expect(nodesOf(run.world, 'default/west').every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });

  it('CAPI consequence: the dead zone\'s worker is remediated, and its replacement placed there runs only after the zone is back', () => {
    const run = runFleet({ clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3, zones: [local-a, local-b, local-c] }
    healthCheck:
      targets: workers
      unhealthyConditions:
        - { type: Ready, status: Unknown, timeout: 2m }
`, faults: `
  - at: 1m
    zoneOutage: { zone: local-a, for: 20m }
` });
    expect(run.outcome.settled).toBe(true);
    const created = ofType(run.events, 'machine.created');
    const deadWorker = created.find((e) => e.t === 0 && e.zone === 'local-a' && String(e.owner).startsWith('MachineSet/'))!;
    const remediation = ofType(run.events, 'mhc.remediation').find((e) => e.machine === deadWorker.object);
    expect(remediation).toBeDefined();
    expect(remediation!.t).toBeGreaterThan(START + UNKNOWN_AFTER.earliest + 2 * MINUTE);
    expect(remediation!.t).toBeLessThan(END);
    const replacements = created.filter((e) => e.t > remediation!.t && e.zone === 'local-a');
    expect(replacements.length).toBeGreaterThan(0);
    const runningAt = (machine: unknown) => ofType(run.events, 'machine.phase').find((e) => e.object === machine && e.phase === 'Running')?.t;
    const firstRunning = Math.min(...replacements.map((e) => runningAt(e.object) ?? Number.POSITIVE_INFINITY));
    expect(firstRunning).toBeGreaterThan(END);
    expect(Number.isFinite(firstRunning)).toBe(true);
    expect(nodesOf(run.world).filter((n) => n.name.startsWith('c-md-')).every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });
});

describe('zoneOutage: held joins', () => {
  it('a kubelet that would have joined during the outage joins once the zone is back', () => {
    // A 5 m join delay puts the new Machine's join (about 6 m) inside the outage (3 m – 13 m).
    const run = runFleet({ extra: `
clouds:
  docker:
    kubeletJoin: { distribution: constant, value: 5m }
`, faults: `
  - at: 3m
    zoneOutage: { zone: local-a, for: 10m }
`, operations: `
  - at: 1m
    scale: { clusters: { names: [c] }, pool: md, replicas: 4 }
` });
    expect(run.outcome.settled).toBe(true);
    const [created] = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(created!.zone).toBe('local-a');
    const node = parseObjectKey(created!.object).name;
    const blocked = ofType(run.events, 'node.joinBlocked');
    expect(blocked).toMatchObject([{ object: created!.object, fault: 'zoneOutage', index: 0, reason: 'zone local-a is down' }]);
    expect(blocked[0]!.t).toBeGreaterThan(3 * MINUTE);
    expect(blocked[0]!.t).toBeLessThan(13 * MINUTE);
    // It starts over when the zone is back: registered one join delay after the end.
    const ready = ofType(run.events, 'node.condition').find((e) => e.node === node && e.condition === 'Ready' && e.status === 'True');
    expect(ready!.t).toBe(13 * MINUTE + 5 * MINUTE);
  });
});
