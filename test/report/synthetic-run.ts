/**
 * A synthetic run for report tests: a fleet whose timeline has every event type the report draws
 * (waves, rollouts with machine replacements, MHC decisions and a short-circuit spell, KCP refusals,
 * faults, cloud calls with every outcome, controller queue samples) and a summary that matches
 * it. Names can be made hostile to test escaping. Built by plain loops, no randomness.
 */

import type { ReportInput } from '../../src/report/charts/report-input.js';
import { clusterKeyOf, objectKey, parseObjectKey, type ObjectKey } from '../../src/kube/keys.js';
import type { TimelineEvent } from '../../src/timeline/index.js';
import type { ClusterSummary, ControllerSummary, Summary } from '../../src/report/summary.js';
import type { FaultSpec } from '../../src/scenario/model.js';

export interface SyntheticOptions {
  clusters: number;
  workers: number;
  /** Prefix cluster names (and other scenario strings) with this text. */
  hostile?: string;
  /** Clusters per wave (0: no waves). */
  waveSize?: number;
}

const MINUTE = 60_000;
/** A Node is named after its Machine. */
const node = (machine: ObjectKey) => parseObjectKey(machine).name;
const CLOUDS = ['aws', 'azure', 'gcp'] as const;
const REGIONS: Record<string, string> = { aws: 'us-east-1', azure: 'westeurope', gcp: 'us-central1' };
const CONTROLLERS = ['cluster', 'machine', 'machineSet', 'machineHealthCheck'];

export function syntheticRun(options: SyntheticOptions): ReportInput {
  const hostile = options.hostile ?? '';
  const waveSize = options.waveSize ?? 4;
  const events: TimelineEvent[] = [];
  const clusters: ClusterSummary[] = [];
  const specs: ReportInput['scenario']['clusters'][number][] = [];
  const names: string[] = [];
  for (let c = 0; c < options.clusters; c++) names.push(`${hostile}cl-${c + 1}`);
  const waves: string[][] = [];
  if (waveSize > 0) for (let i = 0; i < names.length; i += waveSize) waves.push(names.slice(i, i + waveSize));
  let end = 0;
  let totalRemediations = 0;
  let totalShortCircuits = 0;
  for (let c = 0; c < options.clusters; c++) {
    const name = names[c] as string;
    const key = clusterKeyOf('fleet', name);
    const cloud = CLOUDS[c % 3] as string;
    const region = REGIONS[cloud] as string;
    specs.push({ name, namespace: 'fleet', provider: cloud as 'aws', account: 'default', region: `${hostile}${region}` });
    const pool = objectKey('MachineDeployment', 'fleet', `${name}-md-0`);
    events.push({ t: 0, type: 'pool.replicas', cluster: key, object: pool, kind: 'MachineDeployment', replicas: options.workers, strategy: 'RollingUpdate' });
    const machines: ObjectKey[] = [];
    for (let m = 0; m < options.workers; m++) {
      const machine = objectKey('Machine', 'fleet', `${name}-m${m}`);
      machines.push(machine);
      events.push({ t: 0, type: 'machine.created', cluster: key, object: machine, owner: pool, pool, version: `${hostile}v1.34.3`, zone: '', image: '' });
      events.push({ t: 0, type: 'node.condition', cluster: key, node: node(machine), pool, object: machine, machine, condition: 'Ready', status: 'True' });
      events.push({ t: 0, type: 'machine.phase', cluster: key, object: machine, phase: 'Running' });
    }
    const wave = waveSize > 0 ? Math.floor(c / waveSize) : 0;
    const start = 10 * MINUTE + wave * 40 * MINUTE + (c % Math.max(1, waveSize)) * MINUTE;
    events.push({ t: start, type: 'rollout.started', cluster: key, object: objectKey('Cluster', 'fleet', name), kind: 'upgrade', from: `${hostile}v1.34.3`, to: 'v1.35.0' });
    let t = start;
    for (let m = 0; m < options.workers; m++) {
      const fresh = objectKey('Machine', 'fleet', `${name}-n${m}`);
      events.push({ t: t + 1000, type: 'machine.created', cluster: key, object: fresh, owner: pool, pool, version: 'v1.35.0', zone: '', image: '' });
      events.push({ t: t + 2000, type: 'machine.phase', cluster: key, object: fresh, phase: 'Provisioning' });
      events.push({ t: t + 60_000, type: 'machine.phase', cluster: key, object: fresh, phase: 'Provisioned' });
      events.push({ t: t + 90_000, type: 'machine.phase', cluster: key, object: fresh, phase: 'Running' });
      events.push({ t: t + 90_000, type: 'node.condition', cluster: key, node: node(fresh), pool, object: fresh, machine: fresh, condition: 'Ready', status: 'True' });
      const old = machines[m]!;
      events.push({ t: t + 91_000, type: 'machine.phase', cluster: key, object: old, phase: 'Deleting' });
      events.push({ t: t + 120_000, type: 'machine.phase', cluster: key, object: old, phase: 'Deleted' });
      t += 120_000;
    }
    let remediations = 0;
    let shortCircuits = 0;
    if (c % 3 === 1) {
      // A node goes NotReady, MHC marks it, remediates it, then short-circuits twice with the same counts.
      const sick = objectKey('Machine', 'fleet', `${name}-n0`);
      events.push({ t: t + 5000, type: 'node.condition', cluster: key, node: node(sick), pool, object: sick, machine: sick, condition: 'Ready', status: 'False' });
      events.push({ t: t + 65_000, type: 'mhc.unhealthy', cluster: key, object: sick, machine: sick, healthCheck: objectKey('MachineHealthCheck', 'fleet', `${name}-mhc`), reason: 'Ready=False for 1m', message: '' });
      events.push({ t: t + 66_000, type: 'mhc.remediation', cluster: key, object: sick, machine: sick, by: 'MachineSet' });
      events.push({ t: t + 67_000, type: 'machine.phase', cluster: key, object: sick, phase: 'Deleting' });
      const mhc = objectKey('MachineHealthCheck', 'fleet', `${name}-mhc`);
      events.push({ t: t + 90_000, type: 'mhc.shortCircuit', cluster: key, object: mhc, healthCheck: mhc, unhealthy: 3, total: 6, limit: 2, flagged: 3 });
      events.push({ t: t + 150_000, type: 'mhc.shortCircuitEnded', cluster: key, object: mhc, healthCheck: mhc, unhealthy: 1, total: 6, limit: 2, flagged: 1 });
      events.push({ t: t + 160_000, type: 'kcp.remediationRefused', cluster: key, object: sick, machine: sick, reason: 'etcd quorum', conditionReason: '', message: '' });
      events.push({ t: t + 180_000, type: 'machine.phase', cluster: key, object: sick, phase: 'Deleted' });
      remediations = 1;
      shortCircuits = 1;
      t += 180_000;
    }
    totalRemediations += remediations;
    totalShortCircuits += shortCircuits;
    const unfinished = c === options.clusters - 1 && options.clusters > 2;
    if (!unfinished) events.push({ t, type: 'rollout.completed', cluster: key, object: objectKey('Cluster', 'fleet', name), kind: 'upgrade', from: `${hostile}v1.34.3`, to: 'v1.35.0', startedAt: start, duration: t - start });
    end = Math.max(end, t);
    clusters.push({
      name: key, cloud, region: `${hostile}${region}`, version: 'v1.35.0',
      rollouts: [{ kind: 'upgrade', from: `${hostile}v1.34.3`, to: 'v1.35.0', startedAt: start, completedAt: unfinished ? null : t, duration: unfinished ? null : t - start, machinesReplaced: options.workers, machinesCreated: options.workers }],
      remediations, shortCircuits, kcpRemediationsRefused: c % 3 === 1 ? 1 : 0, machinesCreated: options.workers, machinesReplaced: options.workers, drains: options.workers, drainTimeouts: 0,
      minAvailableRatio: c % 3 === 1 ? 0.9 : 1, minAvailableAt: c % 3 === 1 ? t : 0,
    });
  }
  end += 10 * MINUTE;
  waves.forEach((wave, i) => events.push({ t: 10 * MINUTE + i * 40 * MINUTE, type: 'wave.started', operation: 0, wave: i, clusters: wave }));
  // Faults: one on the whole fleet (a zone), one on the first cluster.
  const zoneTarget = { zone: `${hostile}us-east-1a`, providers: ['aws/default/us-east-1'] };
  events.push({ t: 20 * MINUTE, type: 'fault.started', fault: 'zoneOutage', index: 0, target: zoneTarget });
  events.push({ t: 35 * MINUTE, type: 'fault.ended', fault: 'zoneOutage', index: 0, target: zoneTarget });
  events.push({ t: 15 * MINUTE, type: 'fault.started', fault: 'partition', index: 1, target: { clusters: [`fleet/${names[0]}`] } });
  events.push({ t: 25 * MINUTE, type: 'fault.ended', fault: 'partition', index: 1, target: { clusters: [`fleet/${names[0]}`] } });
  // Cloud calls: a steady load with throttling and errors in the middle of the run.
  for (let t = 10 * MINUTE; t < end; t += 5000) {
    const cloud = CLOUDS[(t / 5000) % 3] as string;
    const middle = t > end / 3 && t < end / 2;
    const outcome = middle && (t / 5000) % 4 === 0 ? 'throttled' : middle && (t / 5000) % 7 === 0 ? 'error' : 'ok';
    events.push({ t, type: 'cloud.call', cloud, account: 'default', region: `${hostile}${REGIONS[cloud]}`, action: 'RunInstances', outcome, latencyMs: 300, attempt: 1, tokens: 0 });
  }
  // Controller samples every 30 s.
  for (let t = 30_000; t <= end; t += 30_000) {
    const depth: Record<string, number> = {};
    const reconciles: Record<string, number> = {};
    const latencyMeanMs: Record<string, number> = {};
    CONTROLLERS.forEach((name, i) => {
      depth[`${hostile}${name}`] = ((t / 30_000) * (i + 1)) % 17;
      reconciles[`${hostile}${name}`] = i === 3 ? 0 : 5 + i;
      latencyMeanMs[`${hostile}${name}`] = i === 3 ? 0 : 100 * (i + 1) + ((t / 30_000) % 5) * 10;
    });
    events.push({ t, type: 'controller.queue', depth, active: {}, reconciles, latencyMeanMs, apiWrites: 10 });
  }
  events.sort((a, b) => a.t - b.t);
  const faults = [
    { kind: 'zoneOutage', index: 0, at: 20 * MINUTE, for: 15 * MINUTE, zone: `${hostile}us-east-1a` },
    { kind: 'partition', index: 1, at: 15 * MINUTE, for: 10 * MINUTE, clusters: { names: [names[0]] }, targets: [names[0]] },
  ] as FaultSpec[];
  const controllers: ControllerSummary[] = CONTROLLERS.map((name, i) => ({
    name: `${hostile}${name}`, concurrency: 10, reconciles: 100 * (i + 1), reconcilesPerSecond: 0.1, peakReconcilesPerSecond: 1, utilization: 0.01,
    errors: 0, requeues: 0, maxQueueDepth: 16, latencyP50Ms: 100, latencyP95Ms: 400, latencyMaxMs: 900, busyMs: 1000,
  }));
  const upgraded = clusters.filter((c) => c.rollouts.every((r) => r.completedAt !== null)).length;
  const summary: Summary = {
    scenario: `${hostile}synthetic`, seed: 7, fleetsimVersion: '0.0.0-test', endedAt: end, settled: true, stopReason: 'settled', events: events.length,
    fleet: {
      clusters: clusters.length, machines: clusters.length * options.workers, upgradeStartedAt: 10 * MINUTE, upgradeCompletedAt: null, upgradeMakespan: null,
      clustersUpgraded: upgraded, clustersUpgrading: clusters.length - upgraded, remediations: totalRemediations, shortCircuits: totalShortCircuits,
      kcpRemediationsRefused: clusters.filter((c) => c.kcpRemediationsRefused > 0).length, machinesReplaced: clusters.length * options.workers, machinesCreated: clusters.length * options.workers,
      imageRolloutStartedAt: null, imageRolloutCompletedAt: null, imageRolloutMakespan: null, clustersImageRolled: 0, rolloutsSuperseded: 0, minAvailableRatio: 0.9, minAvailableAt: 0,
    },
    clusters,
    clouds: CLOUDS.map((cloud) => ({
      name: `${cloud}/default/${hostile}${REGIONS[cloud]}`, cloud, account: 'default', region: `${hostile}${REGIONS[cloud]}`, calls: 100, throttled: 5, errors: 2, retries: 7, backoffMs: 0, clientWaitMs: 0, workerWaitMs: 0,
      actions: [{ action: `${hostile}RunInstances`, calls: 100, throttled: 5, errors: 2, retries: 7, p95LatencyMs: 300 }],
    })),
    management: { controllers, apiWrites: 1000, apiWritesPerSecond: 1, peakApiWritesPerSecond: 5, clientThrottledMs: 0, objects: {}, peakObjects: 100 },
    moveRefusals: [],
    expectations: [
      { metric: `${hostile}fleet.clustersUpgraded`, min: clusters.length, value: upgraded, pass: upgraded === clusters.length },
      { metric: 'cluster.minAvailableRatio', min: 0.8, value: 0.9, pass: true },
    ],
  };
  return {
    scenario: { name: summary.scenario, description: `${hostile}A synthetic fleet & its "rollout"`, clusters: specs, faults, observe: { cloudCallEvents: 'all', cloudCallSampleRate: 1 } },
    summary,
    events,
  };
}

/** Strings that break HTML when they are not escaped. */
export const HOSTILE = `<script>alert("x")</script>"><img src=x onerror=alert(1)>&amp;'|*_`;
