/**
 * A sweep worker thread: receives the variants' scenarios (each once; a later `init` adds more),
 * then runs one (variant, seed) per message and posts back its metric record. See pool.ts for the protocol.
 */

import { parentPort } from 'node:worker_threads';
import '../scenario/index.js'; // registers the manifest importer, as the package entry does (the pool kinds come with simulate's controllers)
import type { Scenario } from '../scenario/model.js';
import { runOne } from './run-one.js';
import type { FromWorker, ToWorker } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('src/sweep/worker is a worker thread entry, not a module to import');

const scenarios = new Map<number, Scenario>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    for (const [id, scenario] of message.scenarios) scenarios.set(id, scenario);
    return;
  }
  const scenario = scenarios.get(message.variant);
  let reply: FromWorker;
  try {
    if (scenario === undefined) throw new Error(`no scenario for variant ${message.variant}`);
    reply = { type: 'result', position: message.position, record: runOne(scenario, message.variant, message.seed) };
  } catch (error) {
    reply = { type: 'error', position: message.position, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
  }
  port.postMessage(reply);
});
