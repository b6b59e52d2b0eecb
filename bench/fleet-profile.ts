/**
 * One fleet case measured closely (issue 14): wall time, simulated events, events per replaced
 * machine, µs of CPU per event, bytes allocated per event and the five controllers taking the
 * largest share of the wall time (their reconcile functions, timed with hrtime around each call).
 *
 * The case runs in a child process started with V8's `--trace-gc-nvp`, whose `allocated=` field
 * (bytes allocated since the previous GC) summed over every GC is the run's allocation; the child
 * prints its figures as the last line of JSON. Quick use, the 500 × (1 + 20) fleet with an MHC:
 *
 *   npx tsx bench/fleet-profile.ts 500 20 mhc
 *
 * bench/run.ts calls `profileFleet` for its fleet rows and the linearity series.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fleetScenario } from './fleet-bench.js';

export interface FleetProfile {
  clusters: number;
  workers: number;
  mhc: boolean;
  machines: number;
  /** Machines created during the run (every one replaces an old one in a full rolling upgrade). */
  replaced: number;
  wallSeconds: number;
  cpuSeconds: number;
  events: number;
  eventsPerMachine: number;
  usPerEvent: number;
  cpuMsPerMachine: number;
  allocatedBytes: number;
  bytesPerEvent: number;
  peakRssMiB: number;
  settled: boolean;
  makespanHours: number | null;
  /** [controller, share of the simulation wall time, reconciles], largest share first. */
  topControllers: Array<[string, number, number]>;
}

interface ChildFigures extends Omit<FleetProfile, 'allocatedBytes' | 'bytesPerEvent'> {}

async function child(clusters: number, workers: number, mhc: boolean): Promise<void> {
  const { loadScenarioText } = await import('../src/scenario/index.js');
  const { World } = await import('../src/world/world.js');
  const { buildSummary } = await import('../src/report/summary.js');
  const loaded = loadScenarioText(fleetScenario(clusters, workers, mhc), 'bench-fleet.yaml');
  if (!loaded.ok) throw new Error(`bench scenario invalid: ${JSON.stringify(loaded.errors)}`);
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const world = new World(loaded.scenario, { keepEvents: false });
  const spent = new Map<string, { ns: bigint; calls: number }>();
  for (const controller of world.manager.controllers) {
    // Bench-only instrumentation: wrap each reconcile function with a timer.
    const holder = controller as unknown as { reconciler: (key: string) => unknown };
    const inner = holder.reconciler;
    const slot = { ns: 0n, calls: 0 };
    spent.set(controller.name, slot);
    holder.reconciler = (key: string) => {
      const t0 = process.hrtime.bigint();
      try {
        return inner(key);
      } finally {
        slot.ns += process.hrtime.bigint() - t0;
        slot.calls++;
      }
    };
  }
  const outcome = world.run();
  const wallNs = process.hrtime.bigint() - start;
  const cpu = process.cpuUsage(cpu0);
  const machines = clusters * (workers + 1);
  const created = world.store.createdByKind.get('Machine') ?? 0;
  const replaced = Math.max(1, created - machines);
  const wallSeconds = Number(wallNs) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const topControllers = [...spent.entries()]
    .map(([name, s]) => [name, Number(s.ns) / Number(wallNs), s.calls] as [string, number, number])
    .sort((a, b) => b[1] - a[1]).slice(0, 5);
  const makespan = buildSummary(outcome).fleet.upgradeMakespan;
  const figures: ChildFigures = {
    clusters, workers, mhc, machines, replaced, wallSeconds, cpuSeconds,
    events: outcome.events,
    eventsPerMachine: outcome.events / replaced,
    usPerEvent: (wallSeconds * 1e6) / outcome.events,
    cpuMsPerMachine: (wallSeconds * 1e3) / replaced,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    settled: outcome.settled,
    makespanHours: makespan === null ? null : makespan / 3_600_000,
    topControllers,
  };
  process.stdout.write(`\nFLEET-PROFILE ${JSON.stringify(figures)}\n`);
}

/** Runs one case in a child process (so its RSS and allocation are its own). */
export function profileFleet(clusters: number, workers: number, mhc: boolean): FleetProfile {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', self, '--child', String(clusters), String(workers), mhc ? 'mhc' : 'plain'],
    { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`fleet profile child failed (${run.status}): ${run.stderr.slice(-2000)}`);
  let allocatedBytes = 0;
  let figures: ChildFigures | undefined;
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('FLEET-PROFILE ')) figures = JSON.parse(line.slice('FLEET-PROFILE '.length)) as ChildFigures;
    else {
      const match = / allocated=(\d+)/.exec(line);
      if (match !== null) allocatedBytes += Number(match[1]);
    }
  }
  if (figures === undefined) throw new Error('fleet profile child printed no figures');
  return { ...figures, allocatedBytes, bytesPerEvent: allocatedBytes / figures.events };
}

export function formatProfile(p: FleetProfile): string {
  const lines = [
    `fleet ${p.clusters} clusters x (1 + ${p.workers}) ${p.mhc ? 'with an MHC per cluster' : 'without MHC'}: ${p.machines} machines, ${p.replaced} replaced, settled ${p.settled}, makespan ${p.makespanHours === null ? '—' : `${p.makespanHours.toFixed(2)} h`}`,
    `  wall ${p.wallSeconds.toFixed(2)} s (cpu ${p.cpuSeconds.toFixed(2)} s), peak RSS ${p.peakRssMiB.toFixed(0)} MiB, ${p.events.toLocaleString('en-US')} events`,
    `  ${p.eventsPerMachine.toFixed(1)} events/machine, ${p.usPerEvent.toFixed(2)} µs/event, ${p.cpuMsPerMachine.toFixed(3)} ms/machine, ${Math.round(p.bytesPerEvent)} B allocated/event (${(p.allocatedBytes / 1e9).toFixed(2)} GB)`,
    `  top controllers by share of wall: ${p.topControllers.map(([n, s, c]) => `${n} ${(s * 100).toFixed(1)}% (${c} reconciles)`).join(', ')}`,
  ];
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (process.argv[2] === '--child') {
    await child(Number(process.argv[3]), Number(process.argv[4]), process.argv[5] === 'mhc');
  } else {
    const clusters = Number(process.argv[2] ?? 500);
    const workers = Number(process.argv[3] ?? 20);
    console.log(formatProfile(profileFleet(clusters, workers, (process.argv[4] ?? 'mhc') === 'mhc')));
  }
}
