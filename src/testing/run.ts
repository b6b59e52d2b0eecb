/**
 * Runs a scenario for checking: loads it (raw scenarios are validated by the loader, so a
 * generator bug shows as a load error, not as a strange run), simulates it keeping every event,
 * takes the inventory of Machines and instances, and, when asked, runs it a second time with the
 * same seed for the determinism check.
 */

import { simulate, type SimulateOptions, type SimulationResult } from '../simulate.js';
import type { Scenario } from '../scenario/model.js';
import type { LoadOptions } from '../scenario/index.js';
import type { Machine, InfraMachine } from '../capi/types.js';
import { KIND } from '../capi/types.js';
import { keyOf } from '../kube/object.js';
import { clusterKeyOf } from '../kube/keys.js';
import type { World } from '../world/world.js';
import type { ControllerMutations, Inventory, InventoryInstance, InventoryMachine, RunRecord } from './record.js';
import { loadRaw, type RawScenario } from './raw.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Run twice and keep the second run in `replay` (for the determinism invariant). */
  replay?: boolean;
  /**
   * Deliberately wrong controller variants (test-only), passed to the world as
   * `WorldOptions.mutations`; they take effect once the CAPI controllers read them.
   */
  mutations?: ControllerMutations;
  /** The file a raw scenario stands for: relative `manifests:` paths are read from its folder. */
  file?: string;
  /** Loader options (environment for manifest variables). */
  load?: LoadOptions;
}

/**
 * What a cloud model may offer to list its instances (the provider interface has no listing yet):
 * with it the leak check also finds instances no Machine owns.
 */
export interface InstanceLister {
  listInstances(): Array<{ providerID: string; state: InventoryInstance['state']; spec: { cluster: string; owner: string } }>;
}

function canListInstances(provider: object): provider is InstanceLister {
  return typeof (provider as Partial<InstanceLister>).listInstances === 'function';
}

function isResolved(input: RawScenario | Scenario): input is Scenario {
  return typeof (input as Scenario).startsAtEpochMs === 'number';
}

function simulateOnce(scenario: Scenario, options: RunOptions): SimulationResult {
  const simulateOptions = { keepEvents: true, ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.mutations === undefined ? {} : { mutations: options.mutations }) };
  return simulate(scenario, simulateOptions as SimulateOptions);
}

export function runScenario(input: RawScenario | Scenario, options: RunOptions = {}): RunRecord {
  const raw = isResolved(input) ? undefined : input;
  const scenario = isResolved(input) ? input : loadRaw(input, options.file, options.load);
  const result = simulateOnce(scenario, options);
  const record: RunRecord = {
    scenario,
    raw,
    seed: result.summary.seed,
    summary: result.summary,
    events: result.events,
    exitCode: result.exitCode,
    inventory: takeInventory(result.world),
    replay: undefined,
  };
  if (options.replay === true) {
    const second = simulateOnce(scenario, options);
    record.replay = { events: second.events, summary: second.summary };
  }
  return record;
}

/** Every Machine with its cloud instance's state, and every instance of clouds that can list them. */
export function takeInventory(world: World): Inventory {
  const machines: InventoryMachine[] = [];
  for (const machine of world.store.list<Machine>(KIND.Machine)) {
    const namespace = machine.metadata.namespace;
    const cluster = clusterKeyOf(namespace, machine.spec.clusterName);
    const infra = world.store.get<InfraMachine>(KIND.InfraMachine, namespace, machine.spec.infrastructureRef.name);
    const providerID = machine.spec.providerID ?? infra?.spec.providerID;
    let instance: InventoryMachine['instance'] = 'none';
    if (providerID !== undefined) instance = world.providerOf(cluster).instanceState(providerID) ?? 'missing';
    machines.push({ key: keyOf(machine), cluster, phase: machine.status.phase, deleting: machine.metadata.deletionTimestamp !== undefined, providerID, instance });
  }
  machines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let instances: InventoryInstance[] | undefined = [];
  for (const { kind, account, region, provider } of world.providers.described()) {
    if (!canListInstances(provider)) {
      instances = undefined;
      break;
    }
    for (const instance of provider.listInstances()) {
      instances.push({ providerID: instance.providerID, cloud: `${kind}/${account}/${region}`, cluster: instance.spec.cluster, owner: instance.spec.owner, state: instance.state });
    }
  }
  instances?.sort((a, b) => (a.providerID < b.providerID ? -1 : a.providerID > b.providerID ? 1 : 0));
  return { machines, instances };
}
