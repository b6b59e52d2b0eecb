/**
 * The memory guard (issue 19 defect 8): a run whose heap keeps growing is stopped with exit 3 and
 * a message before V8 kills the process for running out of memory. The heap is read every few
 * thousand events (run-limits.ts), which costs nothing measurable.
 */

import { getHeapStatistics } from 'node:v8';

/** The default limit: this fraction of V8's heap limit (`--max-old-space-size`). */
export const HEAP_FRACTION = 0.85;

const MB = 1024 * 1024;

/** The heap limit the guard uses by default, in bytes. */
export function defaultHeapLimit(): number {
  return Math.floor(getHeapStatistics().heap_size_limit * HEAP_FRACTION);
}

/**
 * A guard that stops the run once the used heap exceeds `limitBytes` (default 85% of the heap
 * limit); `usedHeap` is injectable for tests.
 */
export function heapGuard(limitBytes = defaultHeapLimit(), usedHeap: () => number = () => getHeapStatistics().used_heap_size): () => string | undefined {
  return () => {
    const used = usedHeap();
    if (used <= limitBytes) return undefined;
    return `the heap reached ${Math.round(used / MB).toLocaleString('en-US')} MB, over the memory limit of ${Math.round(limitBytes / MB).toLocaleString('en-US')} MB (--max-memory; default ${Math.round(HEAP_FRACTION * 100)}% of the heap limit)`;
  };
}
