/** Runs the cases it is sent, one message per finished case (see long.ts). */

import { parentPort } from 'node:worker_threads';
import { mutant, sources } from './mutants.js';
import { removeScratch, runCase } from './harness.js';

process.on('exit', removeScratch);

const list = sources();
parentPort?.on('message', (task: { from: number; to: number }) => {
  for (let n = task.from; n < task.to; n++) {
    const m = mutant(n, list);
    parentPort?.postMessage({ n, source: m.source.name, how: m.how, outcome: runCase(m) });
  }
  parentPort?.postMessage({ done: true });
});
