/**
 * What each fault did: a timeline listener that follows every scheduled fault from `fault.started`
 * to `fault.ended` (or the end of the run) and gathers its blast radius — the clusters, zone, Nodes
 * and Machines it hit — and its effects in the clusters it hit while it lasted and for
 * `AFTERMATH` after: Nodes lost (kubelet stopped or Ready not True), MachineHealthCheck
 * remediations and short-circuits, rollouts it overlapped (and by how long), and the lowest
 * availability of those clusters. It keeps counts and sets, not events, so a streamed timeline works.
 */

import { MINUTE, type Millis } from '../engine/duration.js';
import type { TimelineEvent } from '../timeline/index.js';

/** How long after a fault ends its effects are still counted (fleetsim ASSUMPTION: MHC timeouts of minutes, a remediation after). */
export const AFTERMATH: Millis = 30 * MINUTE;

export interface FaultEffect {
  index: number;
  kind: string;
  startedAt: Millis;
  /** Null while it lasts at the end of the run (or a fault without `for`). */
  endedAt: Millis | null;
  /** What it says it hit: `zone us-east-1a`, `image ami-…`, `all controllers`, `mode crash`. */
  detail: string;
  clusters: string[];
  zone?: string;
  /** Nodes it struck (named ones, or how many a zone outage stopped). */
  nodes: number;
  /** Machines whose Node it failed or kept from joining. */
  machinesHit: number;
  nodesLost: number;
  remediations: number;
  shortCircuits: number;
  rolloutsOverlapped: number;
  /** The rollouts' time inside the fault's window, summed: how long they ran under it. */
  rolloutOverlapMs: Millis;
  /** The hit clusters' lowest available share while it lasted (1 when it never dipped). */
  minAvailableRatio: number;
  minAvailableAt: Millis | null;
}

interface Open {
  effect: FaultEffect;
  allClusters: boolean;
  clusters: Set<string>;
  lost: Set<string>;
  machines: Set<string>;
}

function detailOf(event: Extract<TimelineEvent, { type: 'fault.started' }>): string {
  const t = event.target;
  const bits = [
    t.zone === undefined ? '' : `zone ${t.zone}`, t.image === undefined ? '' : `image ${t.image}`, t.instanceType === undefined ? '' : `type ${t.instanceType}`,
    t.pool === undefined ? '' : `pool ${t.pool}`, t.controllers === 'all' ? 'all controllers' : '', event.mode === undefined ? '' : `mode ${event.mode}`,
    event.errorRate === undefined ? '' : `${Math.round(event.errorRate * 100)}% errors`, t.providers === undefined ? '' : t.providers.join(', '),
  ];
  return bits.filter(Boolean).join(', ');
}

export class FaultEffects {
  private readonly open = new Map<number, Open>();
  private readonly all: Open[] = [];
  private readonly rollouts: { cluster: string; from: Millis; to?: Millis }[] = [];

  constructor(private readonly ratio: (cluster: string) => number | undefined) {}

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'fault.started': {
        const t = event.target;
        const clusters = new Set<string>(t.clusters ?? (event.cluster === undefined ? [] : [event.cluster]));
        const effect: FaultEffect = {
          index: event.index, kind: event.fault, startedAt: event.t, endedAt: null, detail: detailOf(event), clusters: [],
          ...(t.zone === undefined ? {} : { zone: t.zone }), nodes: typeof t.nodes === 'number' ? t.nodes : t.nodes?.length ?? 0,
          machinesHit: 0, nodesLost: 0, remediations: 0, shortCircuits: 0, rolloutsOverlapped: 0, rolloutOverlapMs: 0, minAvailableRatio: 1, minAvailableAt: null,
        };
        const entry: Open = { effect, allClusters: t.controllers === 'all' || (t.clusters === undefined && t.zone === undefined && event.cluster === undefined), clusters, lost: new Set(), machines: new Set() };
        this.open.set(event.index, entry);
        this.all.push(entry);
        break;
      }
      case 'fault.ended': {
        const entry = this.open.get(event.index);
        if (entry === undefined) break;
        entry.effect.endedAt = event.t;
        if (typeof event.target.nodes !== 'number' && event.target.nodes !== undefined) entry.effect.nodes = Math.max(entry.effect.nodes, event.target.nodes.length);
        break;
      }
      case 'fault.nodeFailed':
      case 'node.joinBlocked': {
        const entry = this.open.get(event.index);
        if (entry === undefined) break;
        entry.clusters.add(event.cluster);
        entry.machines.add(event.object ?? `${event.cluster}/${event.node}`);
        break;
      }
      case 'rollout.started':
        this.rollouts.push({ cluster: event.cluster, from: event.t });
        break;
      case 'rollout.completed': {
        const open = this.rollouts.find((r) => r.cluster === event.cluster && r.to === undefined);
        if (open !== undefined) open.to = event.t;
        break;
      }
      default:
        break;
    }
    this.effects(event);
  }

  private hits(entry: Open, cluster: string): boolean {
    return entry.allClusters || entry.clusters.has(cluster);
  }

  private active(t: Millis): Open[] {
    return this.all.filter((e) => e.effect.startedAt <= t && (e.effect.endedAt === null || t <= e.effect.endedAt + AFTERMATH));
  }

  private effects(event: TimelineEvent): void {
    if (this.all.length === 0 || !('cluster' in event) || event.cluster === undefined) return;
    const cluster = event.cluster;
    for (const entry of this.active(event.t)) {
      const lasting = entry.effect.endedAt === null || event.t <= entry.effect.endedAt;
      if (entry.effect.zone !== undefined && event.t === entry.effect.startedAt && event.type === 'node.kubelet' && !event.running) entry.clusters.add(cluster);
      if (!this.hits(entry, cluster)) continue;
      if (lasting && ((event.type === 'node.kubelet' && !event.running) || (event.type === 'node.condition' && event.condition === 'Ready' && event.status !== 'True'))) entry.lost.add(`${cluster}/${event.node}`);
      if (event.type === 'mhc.remediation') entry.effect.remediations++;
      if (event.type === 'mhc.shortCircuit') entry.effect.shortCircuits++;
      const ratio = this.ratio(cluster);
      if (lasting && ratio !== undefined && ratio < entry.effect.minAvailableRatio) {
        entry.effect.minAvailableRatio = ratio;
        entry.effect.minAvailableAt = event.t;
      }
    }
  }

  /** Every fault in the order it started; rollouts still open are counted to `endedAt`. */
  result(endedAt: Millis): FaultEffect[] {
    return this.all.map((entry) => {
      const end = entry.effect.endedAt ?? endedAt;
      let overlapped = 0;
      let overlap = 0;
      for (const r of this.rollouts) {
        if (!this.hits(entry, r.cluster)) continue;
        const inside = Math.min(end, r.to ?? endedAt) - Math.max(entry.effect.startedAt, r.from);
        if (inside < 0 || (inside === 0 && r.from !== entry.effect.startedAt)) continue;
        overlapped++;
        overlap += inside;
      }
      const clusters = entry.allClusters ? ['*'] : [...entry.clusters].sort();
      return { ...entry.effect, clusters, machinesHit: entry.machines.size, nodesLost: entry.lost.size, rolloutsOverlapped: overlapped, rolloutOverlapMs: overlap };
    }).sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
  }
}
