/**
 * Which wave each cluster upgraded in, from the `wave.started` events of fleet upgrades
 * (fleet/fleet-upgrade.ts: `operation`, `wave`, `clusters` by name). A cluster keeps the first
 * wave it was started in; clusters no wave named are "not in a wave".
 */

import type { TimelineEvent } from '../../timeline/index.js';

export interface WaveGroup {
  /** Page label: "wave 2", or "upgrade 2 · wave 1" when the scenario has several waved upgrades. */
  label: string;
  /** Cluster keys in the order the wave listed them. */
  clusters: string[];
}

export const NO_WAVE = 'not in a wave';

export class WaveGroups {
  private readonly started: Array<{ operation: number; wave: number; names: string[] }> = [];

  /** `keysByName`: cluster name → its `namespace/name` keys (names are unique in practice). */
  constructor(private readonly keysByName: ReadonlyMap<string, readonly string[]>) {}

  observe(event: TimelineEvent): void {
    if (event.type !== 'wave.started') return;
    this.started.push({ operation: event.operation, wave: event.wave, names: [...event.clusters] });
  }

  /** Groups in the order the waves started, then the clusters no wave named; empty when no fleet upgrade ran in waves. */
  groups(allClusters: readonly string[]): WaveGroup[] {
    if (this.started.length === 0) return [];
    const operations = new Set(this.started.map((w) => w.operation));
    const placed = new Set<string>();
    const groups: WaveGroup[] = [];
    for (const wave of this.started) {
      const label = operations.size > 1 ? `upgrade ${wave.operation + 1} · wave ${wave.wave + 1}` : `wave ${wave.wave + 1}`;
      const clusters: string[] = [];
      for (const name of wave.names) {
        for (const key of this.keysByName.get(name) ?? []) {
          if (placed.has(key)) continue;
          placed.add(key);
          clusters.push(key);
        }
      }
      if (clusters.length > 0) groups.push({ label, clusters });
    }
    const rest = allClusters.filter((key) => !placed.has(key));
    if (rest.length > 0) groups.push({ label: NO_WAVE, clusters: rest });
    return groups;
  }
}
