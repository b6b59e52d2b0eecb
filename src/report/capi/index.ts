/**
 * `--format capi`: the simulated management cluster written as `kubectl get … -A -o yaml` prints
 * it (capi.yaml) and its workload clusters' Nodes as `kubectl get nodes -o yaml` does (nodes.yaml),
 * so `fleetsim import`, `calibrate` and `backtest` read fleetsim's output as they read a real
 * cluster's. Times are the scenario's `startsAt` plus virtual time.
 */

import { stringify } from 'yaml';
import type { World } from '../../world/world.js';
import { Clock, managementItems } from './objects.js';
import { nodeItems } from './nodes.js';

export interface CapiDump {
  /** capi.yaml: Clusters, control planes, pools, MachineSets, Machines, health checks and provider kinds. */
  management: string;
  /** nodes.yaml: every workload cluster's Nodes. */
  nodes: string;
}

const list = (items: unknown[]): string => stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items }, { lineWidth: 0, aliasDuplicateObjects: false });

export function renderCapiDump(world: World): CapiDump {
  const ctx = { world, clock: new Clock(world.scenario.startsAtEpochMs) };
  return { management: list(managementItems(ctx)), nodes: list(nodeItems(ctx)) };
}
