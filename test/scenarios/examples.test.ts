/**
 * Every example scenario in scenarios/ loads, runs, settles and meets its own expectations, and
 * its story shows in the timeline.
 */

import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile, formatIssue } from '../../src/scenario/index.js';
import { simulate, type SimulationResult } from '../../src/simulate.js';
import { ofType, type TimelineEventOf, type TimelineEventType } from '../../src/timeline/index.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

function run(file: string): SimulationResult {
  const loaded = loadScenarioFile(join('scenarios', file));
  if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
  return simulate(loaded.scenario);
}

const count = <K extends TimelineEventType>(result: SimulationResult, type: K, filter: (e: TimelineEventOf<K>) => boolean = () => true): number =>
  result.events.filter(ofType(type)).filter(filter).length;

describe('example scenarios', () => {
  it('include the library the README lists', () => {
    expect(files).toEqual([
      'api-throttling-at-scale.yaml', 'byoi-image-rollout.yaml', 'clusterctl-move-mid-upgrade.yaml', 'fleet-upgrade.yaml',
      'management-outage-12h.yaml', 'mhc-remediation.yaml', 'mhc-short-circuit.yaml', 'multi-tenant.yaml', 'zone-outage-during-upgrade.yaml',
    ]);
  });

  it.each(files)('%s settles and meets its expectations', (file) => {
    const result = run(file);
    const failed = result.summary.expectations.filter((e) => !e.pass);
    expect(failed).toEqual([]);
    expect(result.summary.expectations.length).toBeGreaterThan(0);
    expect(result.summary.settled).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  it('management-outage-12h: nothing is remediated during the outage, the backlog clears after it', () => {
    const result = run('management-outage-12h.yaml');
    const resumed = result.events.find((e) => e.type === 'controller.resumed');
    expect(resumed?.t).toBe(13 * 3_600_000);
    const remediations = result.events.filter((e) => e.type === 'mhc.remediation');
    expect(remediations.length).toBeGreaterThanOrEqual(6);
    expect(remediations.every((e) => e.t >= (resumed?.t as number))).toBe(true);
  });

  it('mhc-short-circuit: the health check holds back instead of deleting most of the pool', () => {
    const result = run('mhc-short-circuit.yaml');
    expect(count(result, 'mhc.unhealthy')).toBeGreaterThanOrEqual(3);
    expect(count(result, 'mhc.remediation')).toBe(0);
  });

  it('byoi-image-rollout: the broken image never joins, capacity holds, the rollback converges', () => {
    const result = run('byoi-image-rollout.yaml');
    expect(count(result, 'mhc.unhealthy', (e) => e.reason === 'NodeStartupTimeout')).toBeGreaterThan(0);
    expect(result.summary.fleet.minAvailableRatio).toBe(1);
  });

  it('api-throttling-at-scale: RunInstances is throttled and retried', () => {
    const result = run('api-throttling-at-scale.yaml');
    const aws = result.summary.clouds.find((c) => c.cloud === 'aws');
    const runInstances = aws?.actions.find((a) => a.action === 'RunInstances');
    expect(runInstances?.throttled).toBeGreaterThan(0);
    expect(aws?.retries).toBeGreaterThan(0);
  });
});
