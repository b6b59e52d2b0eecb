/**
 * Runs a list of (variant, seed) tasks on worker threads, or in this thread with one worker, and
 * hands each run's record to `onRecord` in task order, whatever order the workers finish in (a
 * small reorder buffer, at most a few records per worker). Protocol: the pool posts `init` with
 * the variants' scenarios (once per variant; a later `init` adds more), then one `run` per task; a
 * worker answers each with `result` or `error`. A run that throws is a simulator bug: the sweep stops and reports the variant and seed.
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

async function runInline(tasks: TaskList, options: Omit<PoolOptions, 'workers'>): Promise<void> {
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

interface Pass {
  tasks: TaskList;
  onRecord: PoolOptions['onRecord'];
  buffer: Map<number, RunRecord>;
  next: number;
  emitted: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Worker threads kept across several task lists, each with the scenarios it needs: an optimizer's
 * rounds reuse the threads instead of starting them again (a start costs a module load per thread).
 * Scenarios are sent to each thread once, by variant id. Records come back in task order per list.
 * A pool of size 1 runs in this thread.
 */
export class TaskPool {
  private readonly threads: Worker[] = [];
  /** Every scenario sent so far: a thread started later gets them all. */
  private readonly known = new Map<number, Scenario>();
  private pass: Pass | undefined;
  private failure: unknown;
  private closing = false;

  constructor(readonly size: number) {}

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    for (const thread of this.threads) void thread.terminate();
    const pass = this.pass;
    this.pass = undefined;
    pass?.reject(error);
  }

  private dispatch(thread: Worker): void {
    const pass = this.pass;
    if (pass === undefined || pass.next >= pass.tasks.length) return;
    const position = pass.next++;
    const task = pass.tasks.at(position);
    thread.postMessage({ type: 'run', position, variant: task.variant, seed: task.seed } satisfies ToWorker);
  }

  private receive(thread: Worker, message: FromWorker): void {
    const pass = this.pass;
    if (pass === undefined || this.failure !== undefined) return;
    if (message.type === 'error') {
      this.fail(new RunFailedError(pass.tasks.at(message.position), message.message, message.stack));
      return;
    }
    pass.buffer.set(message.position, message.record);
    try {
      while (pass.buffer.has(pass.emitted)) {
        const record = must(pass.buffer, pass.emitted, 'buffered run');
        pass.buffer.delete(pass.emitted);
        pass.onRecord(record, pass.emitted);
        pass.emitted++;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    if (pass.emitted === pass.tasks.length) {
      this.pass = undefined;
      pass.resolve();
    } else {
      this.dispatch(thread);
    }
  }

  private start(): Worker {
    const thread = spawnWorker();
    thread.on('message', (message: FromWorker) => this.receive(thread, message));
    thread.on('error', (error) => this.fail(error));
    thread.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`a sweep worker thread exited (code ${code}) before the sweep finished`));
    });
    thread.postMessage({ type: 'init', scenarios: [...this.known.entries()] } satisfies ToWorker);
    this.threads.push(thread);
    return thread;
  }

  /** Runs every task of `tasks`; resolves when each record has been handed to `onRecord`. */
  run(tasks: TaskList, options: Omit<PoolOptions, 'workers'>): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pass !== undefined) return Promise.reject(new Error('TaskPool.run while another task list runs'));
    if (tasks.length === 0) return Promise.resolve();
    if (this.size <= 1) return runInline(tasks, options);
    const fresh = [...options.scenarios.entries()].filter(([id, scenario]) => this.known.get(id) !== scenario);
    for (const [id, scenario] of fresh) this.known.set(id, scenario);
    if (fresh.length > 0) for (const thread of this.threads) thread.postMessage({ type: 'init', scenarios: fresh } satisfies ToWorker);
    while (this.threads.length < Math.min(this.size, tasks.length)) this.start();
    return new Promise<void>((resolve, reject) => {
      this.pass = { tasks, onRecord: options.onRecord, buffer: new Map(), next: 0, emitted: 0, resolve, reject };
      for (const thread of this.threads) this.dispatch(thread);
    });
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((thread) => thread.terminate()));
    this.threads.length = 0;
  }
}

/** Runs every task; resolves when each record has been handed to `onRecord`. */
export async function runTasks(tasks: TaskList, options: PoolOptions): Promise<void> {
  if (tasks.length === 0) return;
  const count = Math.max(1, Math.min(options.workers, tasks.length));
  if (count === 1) return runInline(tasks, options);
  const pool = new TaskPool(count);
  try {
    await pool.run(tasks, options);
  } finally {
    await pool.close();
  }
}
