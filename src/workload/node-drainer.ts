/**
 * A drain run by someone other than CAPI's Machine controller: a cloud's node-group upgrade (EKS
 * managed node groups evict pods for up to 15 minutes and then force, cloud-facts.md §1.4; AKS
 * drains with its own timeout, §2.5). It cordons the Node, runs the same passes as drain.ts every
 * `retryInterval` (same pods, same PodDisruptionBudget), and reports when the Node is drained or
 * the timeout forced it. Cloud node-pool providers use it; CAPI's drains stay in the Machine
 * controller.
 */

import type { Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import { drainPass, startDrain, type DisruptionBudget, type WorkloadProfile } from './drain.js';
import type { Node } from './node.js';
import { isNodeUnreachable, type WorkloadCluster } from './workload-cluster.js';

export interface DrainOptions {
  /** Time between passes. */
  retryInterval: Millis;
  /** Give up (force) after this long; 0 = never. */
  timeout: Millis;
}

export interface DrainOutcome {
  /** `drained`: every pod left; `forced`: the timeout passed; `gone`: the Node disappeared. */
  result: 'drained' | 'forced' | 'gone';
  at: Millis;
  refusedEvictions: number;
}

export interface DrainTarget {
  cluster: WorkloadCluster;
  profile: WorkloadProfile;
  budget: DisruptionBudget;
}

export function drainNodeInBackground(sim: Simulation, target: DrainTarget, node: Node, options: DrainOptions, done: (outcome: DrainOutcome) => void): void {
  const startedAt = sim.now;
  target.cluster.cordon(node);
  const drain = startDrain(node, target.profile, startedAt);
  const pass = (): void => {
    const now = sim.now;
    const current = target.cluster.nodes.get(node.name) === node ? node : undefined;
    if (current === undefined) {
      done({ result: 'gone', at: now, refusedEvictions: drain.refusedEvictions });
      return;
    }
    if (drainPass(drain, current, target.budget, target.profile, now, isNodeUnreachable(current))) {
      done({ result: 'drained', at: now, refusedEvictions: drain.refusedEvictions });
      return;
    }
    if (options.timeout > 0 && now - startedAt >= options.timeout) {
      done({ result: 'forced', at: now, refusedEvictions: drain.refusedEvictions });
      return;
    }
    sim.after(options.retryInterval, pass, undefined);
  };
  pass();
}
