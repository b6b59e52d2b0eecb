/**
 * `mhc-max-unhealthy`: a MachineHealthCheck never has a Machine remediated while too many of its
 * targets are unhealthy (over maxUnhealthy, or outside unhealthyRange). CAPI decides this per
 * reconcile with unhealthy = expected targets − currently healthy (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller.go `isAllowedRemediation`,
 * `getMaxUnhealthy`, `getUnhealthyRange`; capi-semantics.md §4.3): targets still starting, inside a
 * timeout or being deleted are not healthy; maxUnhealthy is a percent of the expected targets
 * rounded down; the range bounds are inclusive.
 *
 * The count is rebuilt here from the timeline and the scenario, independently of the controller:
 * a target is healthy when it is not being deleted, its Node has registered, and none of the
 * check's unhealthy conditions (type and status) is current on the Node. A remediation is a
 * violation when, from the moment the check reported the Machine unhealthy to the remediation,
 * the count never once allowed remediation: no reconcile in between can have asked for it.
 * The controller's own `mhc.shortCircuit` reports are checked too: remediating a Machine first
 * reported during a short-circuit that has not ended is a violation as well.
 */

import { poolObjectNames } from '../../capi/machinedeployment/zonal.js';
import type { ClusterSpec, HealthCheckSpec } from '../../scenario/model.js';
import { clusterKeyOf } from '../../kube/keys.js';
import { poolParts } from '../../capi/machine/pool.js';
import { healthCheckName } from '../../world/build-fleet.js';
import { FleetLedger, type MachineView } from '../ledger.js';
import { at, type Invariant, type Violation } from '../invariant.js';
import { clusterOf } from '../../timeline/index.js';

/** A short-circuit the check reported and has not ended: since when, with its counts. */
interface ShortCircuitSpell {
  t: number;
  unhealthy: number;
  total: number;
  limit: number | string;
}

interface Check {
  key: string;
  cluster: string;
  spec: HealthCheckSpec;
  /** Pool keys' names the check is limited to (`<cluster>-<pool>`), when it is. */
  poolNames: Set<string> | undefined;
}

interface Candidate {
  check: Check;
  flaggedAt: number;
  /** The count allowed remediation at some instant since the flag. */
  everAllowed: boolean;
}

function checksOf(clusters: readonly ClusterSpec[]): Map<string, Check> {
  const checks = new Map<string, Check>();
  for (const cluster of clusters) {
    for (const spec of cluster.healthChecks) {
      const key = `MachineHealthCheck/${cluster.namespace}/${healthCheckName(cluster, spec)}`;
      // A pool split over zones is one MachineDeployment per zone (capi/machinedeployment/zonal.ts).
      const objects = (p: string) => { const w = cluster.workers.find((x) => x.name === p); return w === undefined ? [p] : poolObjectNames(w); };
      const poolNames = spec.pools === undefined ? undefined : new Set(spec.pools.flatMap((p) => objects(p).map((name) => `${cluster.name}-${name}`)));
      checks.set(key, { key, cluster: clusterKeyOf(cluster.namespace, cluster.name), spec, poolNames });
    }
  }
  return checks;
}

function isTarget(check: Check, machine: MachineView): boolean {
  if (machine.cluster !== check.cluster) return false;
  const { kind, name } = poolParts(machine.pool);
  const controlPlane = kind === 'KubeadmControlPlane';
  if (check.spec.targets === 'controlPlane' && !controlPlane) return false;
  if (check.spec.targets === 'workers' && controlPlane) return false;
  if (check.poolNames !== undefined && !controlPlane && !check.poolNames.has(name)) return false;
  return true;
}

function isHealthy(check: Check, machine: MachineView): boolean {
  if (machine.deleting || !machine.nodeRegistered) return false;
  for (const condition of check.spec.unhealthyConditions) if (machine.conditions.get(condition.type) === condition.status) return false;
  return true;
}

/** Int-or-percent of `total`, rounded down (apimachinery `GetScaledValueFromIntOrPercent`; capi-semantics.md §0.1). */
function scaledDown(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  return Math.floor((Number(value.slice(0, -1)) * total) / 100);
}

interface Count { expected: number; unhealthy: number; allowed: boolean; limit: string }

function countOf(check: Check, ledger: FleetLedger): Count {
  let expected = 0;
  let healthy = 0;
  for (const machine of ledger.machines.values()) {
    if (!isTarget(check, machine)) continue;
    expected++;
    if (isHealthy(check, machine)) healthy++;
  }
  const unhealthy = expected - healthy;
  const range = check.spec.unhealthyRange;
  if (range !== undefined) return { expected, unhealthy, allowed: unhealthy >= range.min && unhealthy <= range.max, limit: `unhealthyRange ${range.text}` };
  const max = scaledDown(check.spec.maxUnhealthy, expected);
  return { expected, unhealthy, allowed: unhealthy <= max, limit: `maxUnhealthy ${String(check.spec.maxUnhealthy)} = ${max}` };
}

export function mhcMaxUnhealthy(): Invariant {
  return {
    name: 'mhc-max-unhealthy',
    description: 'a MachineHealthCheck never has a Machine remediated while more targets are unhealthy than maxUnhealthy allows (or outside unhealthyRange)',
    check(run) {
      const checks = checksOf(run.scenario.clusters);
      const ledger = new FleetLedger();
      const candidates = new Map<string, Candidate>();
      /** Since when each check has reported a short-circuit that has not ended. */
      const shortCircuitSince = new Map<string, ShortCircuitSpell>();
      const violations: Violation[] = [];
      for (const event of run.events) {
        if (event.type === 'mhc.unhealthy') {
          const machine = event.machine;
          const check = checks.get(event.healthCheck);
          if (check !== undefined && !candidates.has(machine)) candidates.set(machine, { check, flaggedAt: event.t, everAllowed: countOf(check, ledger).allowed });
        } else if (event.type === 'mhc.shortCircuit') {
          shortCircuitSince.set(event.healthCheck, { t: event.t, unhealthy: event.unhealthy, total: event.total, limit: event.limit });
        } else if (event.type === 'mhc.shortCircuitEnded') {
          shortCircuitSince.delete(event.healthCheck);
        } else if (event.type === 'mhc.remediation') {
          const violation = judgeRemediation(event.t, event.machine, event.by, candidates, shortCircuitSince, ledger);
          if (violation !== undefined) violations.push(violation);
        }
        ledger.apply(event);
        for (const candidate of candidates.values()) {
          if (candidate.everAllowed || clusterOf(event) !== candidate.check.cluster) continue;
          if (countOf(candidate.check, ledger).allowed) candidate.everAllowed = true;
        }
      }
      return violations;
    },
  };
}

function judgeRemediation(
  t: number,
  machine: string,
  by: string,
  candidates: Map<string, Candidate>,
  shortCircuitSince: Map<string, ShortCircuitSpell>,
  ledger: FleetLedger,
): Violation | undefined {
  const candidate = candidates.get(machine);
  if (candidate === undefined) {
    return {
      invariant: 'mhc-max-unhealthy', t, objects: [machine],
      message: `${at(t)}: ${machine} was remediated (by ${by}) but no MachineHealthCheck of the scenario had reported it unhealthy`,
    };
  }
  const { check } = candidate;
  if (!candidate.everAllowed) {
    const count = countOf(check, ledger);
    return {
      invariant: 'mhc-max-unhealthy', t, objects: [check.key, machine],
      message: `${at(t)}: ${machine} was remediated (by ${by}) although ${check.key} had too many unhealthy targets all along since it reported the Machine unhealthy at ${at(candidate.flaggedAt)}: now ${count.unhealthy} of ${count.expected} unhealthy, ${count.limit}`,
    };
  }
  const since = shortCircuitSince.get(check.key);
  if (since !== undefined && candidate.flaggedAt >= since.t) {
    return {
      invariant: 'mhc-max-unhealthy', t, objects: [check.key, machine],
      message: `${at(t)}: ${machine} was remediated (by ${by}) while ${check.key} reported a short-circuit since ${at(since.t)} (${since.unhealthy} of ${since.total} unhealthy, limit ${since.limit}), and it first reported the Machine unhealthy during that short-circuit at ${at(candidate.flaggedAt)}`,
    };
  }
  return undefined;
}
