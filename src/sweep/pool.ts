/**
 * Runs a list of (variant, seed) tasks on worker threads, or in this thread with one worker, and
 * hands each run's record to `onRecord` in task order, whatever order the workers finish in (a
 * small reorder buffer, at most a few records per worker). Protocol: the pool posts `init` with
 * every variant's scenario once, then one `run` per task; a worker answers each with `result` or
 * `error`. A run that throws is a simulator bug: the sweep stops and reports the variant and seed.
 */

import { Worker } from 'node:worker_threads';
import { must } from '../engine/must.js';
import type { Scenario } from '../scenario/model.js';
import type { RunRecord } from './metrics.js';
import { runOne } from './run-one.js';

export interface Task {
  variant: number;
  seed: number;
}

/** Tasks addressed by position, so a large sweep never builds a list of task objects. */
export interface TaskList {
  length: number;
  at(position: number): Task;
}

export type ToWorker =
  | { type: 'init'; scenarios: Array<[number, Scenario]> }
  | { type: 'run'; position: number; variant: number; seed: number };

export type FromWorker =
  | { type: 'result'; position: number; record: RunRecord }
  | { type: 'error'; position: number; message: string; stack: string | undefined };

export class RunFailedError extends Error {
  constructor(readonly task: Task, message: string, readonly workerStack?: string) {
    super(`the run of variant ${task.variant}, seed ${task.seed} failed (a simulator bug; please report it with the scenario): ${message}`);
  }
}

export interface PoolOptions {
  /** Worker threads; 1 runs in this thread. */
  workers: number;
  scenarios: ReadonlyMap<number, Scenario>;
  /** Called once per task, in task order. */
  onRecord(record: RunRecord, position: number): void;
}

/** A worker thread running src/sweep/worker: the .ts source through tsx under tests and `tsx`, the compiled file from dist. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  // From the sources, worker-tsx.mjs registers tsx before loading worker.ts (Node 20 ignores `--import tsx` for a worker's entry).
  return new Worker(new URL(here.endsWith('.ts') ? './worker-tsx.mjs' : './worker.js', here));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function runInline(tasks: TaskList, options: PoolOptions): Promise<void> {
  for (let position = 0; position < tasks.length; position++) {
    const task = tasks.at(position);
    const scenario = options.scenarios.get(task.variant);
    if (scenario === undefined) throw new Error(`no scenario for variant ${task.variant}`);
    let record: RunRecord;
    try {
      record = runOne(scenario, task.variant, task.seed);
    } catch (error) {
      throw new RunFailedError(task, error instanceof Error ? error.message : String(error), error instanceof Error ? error.stack : undefined);
    }
    options.onRecord(record, position);
    await yieldToEventLoop();
  }
}

function runThreaded(tasks: TaskList, options: PoolOptions, count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const buffer = new Map<number, RunRecord>();
    let next = 0;
    let emitted = 0;
    let settled = false;
    const stop = (error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const dispatch = (worker: Worker) => {
      if (next >= tasks.length) return;
      const position = next++;
      const task = tasks.at(position);
      worker.postMessage({ type: 'run', position, variant: task.variant, seed: task.seed } satisfies ToWorker);
    };
    const scenarios = [...options.scenarios.entries()];
    for (let i = 0; i < count; i++) {
      const worker = spawnWorker();
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (settled) return;
        if (message.type === 'error') {
          stop(new RunFailedError(tasks.at(message.position), message.message, message.stack));
          return;
        }
        buffer.set(message.position, message.record);
        try {
          while (buffer.has(emitted)) {
            const record = must(buffer, emitted, 'buffered run');
            buffer.delete(emitted);
            options.onRecord(record, emitted);
            emitted++;
          }
        } catch (error) {
          stop(error);
          return;
        }
        if (emitted === tasks.length) stop();
        else dispatch(worker);
      });
      worker.on('error', (error) => stop(error));
      worker.on('exit', (code) => {
        if (!settled) stop(new Error(`a sweep worker thread exited (code ${code}) before the sweep finished`));
      });
      worker.postMessage({ type: 'init', scenarios } satisfies ToWorker);
      dispatch(worker);
    }
  });
}

/** Runs every task; resolves when each record has been handed to `onRecord`. */
export async function runTasks(tasks: TaskList, options: PoolOptions): Promise<void> {
  if (tasks.length === 0) return;
  const count = Math.max(1, Math.min(options.workers, tasks.length));
  if (count === 1) return runInline(tasks, options);
  return runThreaded(tasks, options, count);
}
