/**
 * `npm run bench`: the figures issues 2, 8, 14 and 17 ask for, measured in one process run. The fleet runs
 * first so its peak RSS is not the engine bench's. Ratios are measured in the same run, so they
 * hold on a noisy shared machine better than absolute rates do.
 */

import { engineBench } from './engine-bench.js';
import { fleetBench } from './fleet-bench.js';
import { optimizeBench, printOptimizeBench } from './optimize-bench.js';
import { printSweepBench, sweepBench } from './sweep-bench.js';
import { loadBench, printLoadBench } from './load-bench.js';
import { inputBench } from './input-bench.js';
import { formatProfile, profileFleet } from './fleet-profile.js';
import { linearitySeries, printLinearity } from './linearity.js';

const fleet = fleetBench(500, 20);
console.log('fleet: 500 clusters x 20 workers, full rolling upgrade (docker provider)');
console.log(`  machines ${fleet.machines}, simulated events ${fleet.simulatedEvents}, settled ${fleet.settled}, simulated makespan ${fleet.simulatedMakespanMs === null ? '—' : `${(fleet.simulatedMakespanMs / 3_600_000).toFixed(2)} h`}`);
console.log(`  wall ${fleet.wallSeconds.toFixed(2)} s (target < 10 s), ${Math.round(fleet.eventsPerSecond).toLocaleString('en-US')} simulated events/s, peak RSS ${fleet.peakRssMiB.toFixed(0)} MiB (target < 1024 MiB)`);

// Issue 14: the 500 × (1 + 20) upgrade with an MHC per cluster, measured closely (targets: ≤ 2 s, ≤ 500 MB).
console.log(formatProfile(profileFleet(500, 20, true)));
printLinearity(linearitySeries());

console.log('engine: synthetic model, 2,000,000 events, best of 3');
console.log('  pending     engine ev/s   minimal ev/s   ratio (target >= 0.5)');
for (const row of engineBench()) {
  console.log(`  ${String(row.pending).padStart(7)}  ${Math.round(row.engineEventsPerSecond).toLocaleString('en-US').padStart(12)}  ${Math.round(row.minimalEventsPerSecond).toLocaleString('en-US').padStart(13)}   ${row.ratio.toFixed(2)}`);
}

printSweepBench(sweepBench());

printLoadBench(loadBench());
console.log('input and reports: wall time');
for (const row of await inputBench()) console.log(`  ${row.what}: ${row.seconds.toFixed(2)} s (target < ${row.target} s)`);
printOptimizeBench(await optimizeBench());
