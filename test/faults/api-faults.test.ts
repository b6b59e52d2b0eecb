/**
 * apiBrownout and apiOutage end to end, on the AWS model (the docker provider has no API): calls
 * fail while the fault lasts and only then, only in the providers it names, only for the actions
 * it names; the CAPI consequence: a scale-up waits for the API and completes after the fault.
 */

import { describe, expect, it } from 'vitest';
import { MINUTE, ofType, runFleet, type Run } from './helpers.js';

const aws = (name: string, region: string) => `
  - name: ${name}
    provider: aws
    region: ${region}
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 2 }]
`;

const START = MINUTE;
const END = 11 * MINUTE;

function calls(run: Run, cluster?: string) {
  return ofType(run.events, 'cloud.call').filter((e) => cluster === undefined || e.cluster === cluster);
}

function runningAfterZero(run: Run) {
  return ofType(run.events, 'machine.phase').filter((e) => e.phase === 'Running' && e.t > 0);
}

describe('apiBrownout', () => {
  it('fails calls at its error rate while it lasts; the scale-up completes after it ends', () => {
    const run = runFleet({ clusters: aws('e', 'us-east-1'), faults: `
  - at: 1m
    apiBrownout: { cloud: aws, region: us-east-1, errorRate: 1, for: 10m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [e] }, pool: md, replicas: 3 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: START, fault: 'apiBrownout', errorRate: 1, target: { cloud: 'aws', region: 'us-east-1', providers: ['aws/default/us-east-1'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: END }]);
    const during = calls(run).filter((c) => c.t >= START && c.t < END);
    const after = calls(run).filter((c) => c.t >= END);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((c) => c.outcome === 'error')).toBe(true);
    expect(after.some((c) => c.outcome === 'ok')).toBe(true);
    expect(after.every((c) => c.outcome !== 'error')).toBe(true);
    const running = runningAfterZero(run);
    expect(running).toHaveLength(1);
    expect(running[0]!.t).toBeGreaterThan(END);
  });

  it('a partial error rate lets some calls through', () => {
    const run = runFleet({ clusters: aws('e', 'us-east-1'), faults: `
  - at: 1m
    apiBrownout: { cloud: aws, errorRate: 0.5, for: 30m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [e] }, pool: md, replicas: 8 }
` });
    expect(run.outcome.settled).toBe(true);
    const during = calls(run).filter((c) => c.t >= START && c.t < 31 * MINUTE);
    expect(during.some((c) => c.outcome === 'error')).toBe(true);
    expect(during.some((c) => c.outcome === 'ok')).toBe(true);
  });

  it('touches only the region and the actions it names', () => {
    const run = runFleet({ clusters: aws('e', 'us-east-1') + aws('w', 'us-west-2'), faults: `
  - at: 1m
    apiBrownout: { cloud: aws, region: us-west-2, errorRate: 1, actions: [TerminateInstances], for: 30m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [e, w] }, pool: md, replicas: 3 }
  - at: 10m
    scale: { clusters: { names: [e, w] }, pool: md, replicas: 1 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')[0]!.target).toMatchObject({ providers: ['aws/default/us-west-2'] });
    const window = (c: { t: number }) => c.t >= START && c.t < 31 * MINUTE;
    expect(calls(run, 'default/e').filter(window).every((c) => c.outcome === 'ok')).toBe(true);
    const west = calls(run, 'default/w').filter(window);
    expect(west.filter((c) => c.action === 'RunInstances').every((c) => c.outcome === 'ok')).toBe(true);
    const terminations = west.filter((c) => c.action === 'TerminateInstances');
    expect(terminations.length).toBeGreaterThan(0);
    expect(terminations.every((c) => c.outcome === 'error')).toBe(true);
  });
});

describe('apiOutage', () => {
  it('fails every call while it lasts; creates go through after it ends', () => {
    const run = runFleet({ clusters: aws('e', 'us-east-1') + aws('w', 'us-west-2'), faults: `
  - at: 1m
    apiOutage: { cloud: aws, region: us-east-1, for: 10m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [e, w] }, pool: md, replicas: 3 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: START, fault: 'apiOutage', target: { cloud: 'aws', region: 'us-east-1', providers: ['aws/default/us-east-1'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: END }]);
    const east = calls(run, 'default/e');
    expect(east.filter((c) => c.t < END).length).toBeGreaterThan(0);
    expect(east.filter((c) => c.t < END).every((c) => c.outcome === 'error')).toBe(true);
    expect(east.filter((c) => c.t >= END).every((c) => c.outcome === 'ok')).toBe(true);
    expect(calls(run, 'default/w').every((c) => c.outcome === 'ok')).toBe(true);
    const running = runningAfterZero(run);
    expect(running.filter((e) => e.cluster === 'default/e').every((e) => e.t > END)).toBe(true);
    expect(running.filter((e) => e.cluster === 'default/w').every((e) => e.t < END)).toBe(true);
    expect(running).toHaveLength(2);
  });
});
