/**
 * A binary min-heap of scheduled events, ordered by (time, insertion sequence): two events at the
 * same instant fire in the order they were scheduled, never by object identity (SimPy's
 * `Environment.schedule` total order, peers.md B1).
 */

import type { Millis } from './duration.js';

export type EventHandler<P> = (payload: P) => void;

/** One scheduled event. `cancel()` is lazy: the entry stays in the heap and is skipped when popped. */
export class ScheduledEvent<P = unknown> {
  cancelled = false;
  constructor(
    readonly time: Millis,
    readonly seq: number,
    readonly handler: EventHandler<P>,
    readonly payload: P,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }
}

export class EventQueue {
  // The heap lives in one array; `before` is inlined in the sift loops because they are the hot path.
  private readonly heap: ScheduledEvent<any>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push<P>(time: Millis, handler: EventHandler<P>, payload: P): ScheduledEvent<P> {
    const event = new ScheduledEvent(time, this.nextSeq++, handler, payload);
    const heap = this.heap;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (parent.time < time || (parent.time === time && parent.seq < event.seq)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = event;
    return event;
  }

  peek(): ScheduledEvent<any> | undefined {
    return this.heap[0];
  }

  pop(): ScheduledEvent<any> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const length = heap.length;
    if (length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        let child = left;
        let childEvent = heap[left]!;
        if (right < length) {
          const rightEvent = heap[right]!;
          if (rightEvent.time < childEvent.time || (rightEvent.time === childEvent.time && rightEvent.seq < childEvent.seq)) {
            child = right;
            childEvent = rightEvent;
          }
        }
        if (last.time < childEvent.time || (last.time === childEvent.time && last.seq < childEvent.seq)) break;
        heap[index] = childEvent;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}
