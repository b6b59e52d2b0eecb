/**
 * `npm run fuzz:long [-- --cases N --from K --workers W --hang-seconds S]`: the hostile-input fuzz
 * at length (not in CI), 100,000 cases by default, on worker threads. A case that sends nothing for
 * S seconds (default 60) is a hang: its worker is stopped and a new one goes on after it. Prints the
 * counts (tried, validated, simulated, crashes, hangs, errors without position) and every failing
 * case with its number, which the CI test or a regression case replays.
 */

import { Worker } from 'node:worker_threads';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const cases = flag('cases', 100_000);
const from = flag('from', 0);
const workers = Math.max(1, flag('workers', 2));
const hangMs = flag('hang-seconds', 60) * 1000;
const chunk = 250;

const counts = { tried: 0, validated: 0, simulated: 0, crashes: 0, hangs: 0, errorsWithoutPosition: 0 };
const failures: string[] = [];
/** Failures print as they happen too, so a run stopped early still shows them. */
function fail(line: string): void {
  failures.push(line);
  process.stdout.write(`  ${line}\n`);
}
let next = from;
const end = from + cases;
const started = process.hrtime.bigint(); // wall-clock-ok: progress only

interface Message { n?: number; source?: string; how?: string; outcome?: { validated: boolean; simulated: boolean; crash?: string; errorsWithoutPosition: number }; done?: boolean }

function report(final: boolean): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const line = `tried ${counts.tried}, validated ${counts.validated}, simulated ${counts.simulated}, crashes ${counts.crashes}, hangs ${counts.hangs}, errors without position ${counts.errorsWithoutPosition} (${seconds.toFixed(0)} s)`;
  process.stdout.write(`${final ? 'fuzz:long: ' : ''}${line}\n`);
}

function runWorker(): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./long-worker.mjs', import.meta.url));
    let range: { from: number; to: number } | undefined;
    let last = -1;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        // The case after the last finished one sent nothing in time: a hang.
        const hung = last < 0 ? range!.from : last + 1;
        counts.tried++;
        counts.hangs++;
        fail(`case ${hung}: hang (nothing for ${hangMs / 1000} s)`);
        void worker.terminate();
        pending.push({ from: hung + 1, to: range!.to }); // the rest of the range, for the next worker
        resolve();
      }, hangMs);
    };
    const dispatch = () => {
      const task = pending.shift() ?? (next < end ? { from: next, to: Math.min(end, (next += chunk)) } : undefined);
      if (task === undefined || task.from >= task.to) {
        if (task !== undefined && task.from >= task.to) return dispatch();
        if (timer !== undefined) clearTimeout(timer);
        void worker.terminate();
        resolve();
        return;
      }
      range = task;
      last = task.from - 1;
      arm();
      worker.postMessage(task);
    };
    worker.on('message', (message: Message) => {
      if (message.done === true) return dispatch();
      const { n, outcome } = message;
      if (n === undefined || outcome === undefined) return;
      last = n;
      arm();
      counts.tried++;
      if (outcome.validated) counts.validated++;
      if (outcome.simulated) counts.simulated++;
      if (outcome.crash !== undefined) {
        counts.crashes++;
        fail(`case ${n} (${message.source}, ${message.how}): ${outcome.crash.split('\n').slice(0, 3).join(' | ')}`);
      }
      if (outcome.errorsWithoutPosition > 0) {
        counts.errorsWithoutPosition++;
        fail(`case ${n} (${message.source}, ${message.how}): ${outcome.errorsWithoutPosition} errors without a position`);
      }
      if (counts.tried % 1000 === 0) report(false);
    });
    worker.on('error', (error) => {
      counts.crashes++;
      fail(`worker error after case ${last}: ${error.message}`);
      if (range !== undefined && last + 1 < range.to) pending.push({ from: last + 2, to: range.to });
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    });
    dispatch();
  });
}

const pending: Array<{ from: number; to: number }> = [];

async function lane(): Promise<void> {
  while (next < end || pending.length > 0) await runWorker();
}

await Promise.all(Array.from({ length: workers }, lane));
report(true);
if (failures.length > 0) process.stdout.write(`${failures.length} failing cases, listed above\n`);
process.exitCode = counts.crashes + counts.hangs + counts.errorsWithoutPosition > 0 ? 1 : 0;
