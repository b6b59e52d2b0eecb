/**
 * Issue 14's linearity series: events per replaced machine and CPU per replaced machine as the
 * fleet grows (clusters) and as pools grow (workers per pool), each case a full rolling upgrade
 * with an MHC per cluster in its own child process (bench/fleet-profile.ts), with the ratio of the
 * largest case to the smallest. The cluster series uses 5 workers per pool so that its largest
 * case (2,000 clusters, 12,000 Machines) stays affordable on a shared machine; the pool series
 * uses 20 clusters. CPU is the child's user + system time (steadier than wall on a busy machine).
 */

import { profileFleet, type FleetProfile } from './fleet-profile.js';

export interface SeriesRow {
  label: string;
  profile: FleetProfile;
  cpuMsPerMachine: number;
}

export interface Series {
  name: string;
  rows: SeriesRow[];
}

const CLUSTER_SERIES = { workers: 5, clusters: [50, 500, 2000] };
const POOL_SERIES = { clusters: 20, workers: [20, 200] };

function row(label: string, clusters: number, workers: number): SeriesRow {
  const profile = profileFleet(clusters, workers, true);
  return { label, profile, cpuMsPerMachine: (profile.cpuSeconds * 1000) / profile.replaced };
}

export function linearitySeries(): Series[] {
  return [
    { name: `clusters (x (1 + ${CLUSTER_SERIES.workers}) machines, MHC)`, rows: CLUSTER_SERIES.clusters.map((c) => row(`${c} clusters`, c, CLUSTER_SERIES.workers)) },
    { name: `workers per pool (${POOL_SERIES.clusters} clusters, MHC)`, rows: POOL_SERIES.workers.map((w) => row(`${w} workers`, POOL_SERIES.clusters, w)) },
  ];
}

export function printLinearity(series: Series[]): void {
  console.log('linearity: full rolling upgrade with an MHC per cluster (target: largest/smallest within ±15 %)');
  for (const s of series) {
    console.log(`  by ${s.name}`);
    console.log('    case            machines  events/machine  cpu ms/machine  µs/event  B alloc/event');
    for (const r of s.rows) {
      const p = r.profile;
      console.log(`    ${r.label.padEnd(14)} ${String(p.machines).padStart(9)}  ${p.eventsPerMachine.toFixed(1).padStart(14)}  ${r.cpuMsPerMachine.toFixed(3).padStart(14)}  ${((p.cpuSeconds * 1e6) / p.events).toFixed(2).padStart(8)}  ${Math.round(p.bytesPerEvent).toString().padStart(13)}`);
    }
    const first = s.rows[0]!;
    const last = s.rows[s.rows.length - 1]!;
    console.log(`    largest/smallest: events/machine ${(last.profile.eventsPerMachine / first.profile.eventsPerMachine).toFixed(2)}, cpu/machine ${(last.cpuMsPerMachine / first.cpuMsPerMachine).toFixed(2)}`);
    console.log(`    top controllers (largest case): ${last.profile.topControllers.map(([n, share]) => `${n} ${(share * 100).toFixed(1)}%`).join(', ')}`);
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'));
if (isMain) printLinearity(linearitySeries());
