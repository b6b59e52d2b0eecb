/**
 * Cloud API calls per minute by outcome (ok, throttled, error), per cloud and region, from the
 * `cloud.call` events (outputs.md). Calls are counted in buckets of a whole number of minutes,
 * wide enough that a long run has at most MAX_BUCKETS of them, and shown as a rate per minute.
 * When the scenario samples call events (`observe.cloudCallEvents: sampled`), each recorded call
 * stands for 1 / rate calls.
 */

import { MINUTE, type Millis } from '../../engine/duration.js';
import { must } from '../../engine/must.js';
import type { TimelineEvent } from '../../timeline/index.js';
import { OUTCOMES } from './style.js';

const MAX_BUCKETS = 360;
const BUCKET_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 240];

export interface CallBucket {
  /** `cloud · region` (with the account when one cloud and region has several). */
  group: string;
  /** Bucket start (ms). */
  t: Millis;
  /** Calls in the bucket per outcome, in OUTCOMES order. */
  counts: number[];
}

export function bucketWidth(endMs: Millis): Millis {
  for (const minutes of BUCKET_MINUTES) if (endMs / (minutes * MINUTE) <= MAX_BUCKETS) return minutes * MINUTE;
  return (BUCKET_MINUTES[BUCKET_MINUTES.length - 1] as number) * MINUTE;
}

const OUTCOME_INDEX = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));

export class CloudCallRate {
  readonly width: Millis;
  /** Per cloud/region/account: bucket index → counts. */
  private readonly buckets = new Map<string, Map<number, number[]>>();
  private readonly places = new Map<string, { cloud: string; region: string; account: string }>();
  calls = 0;

  constructor(endMs: Millis) {
    this.width = bucketWidth(endMs);
  }

  observe(event: TimelineEvent): void {
    if (event.type !== 'cloud.call') return;
    const outcome = OUTCOME_INDEX.get(event.outcome) ?? 2;
    const place = `${event.cloud}\u0000${event.region}\u0000${event.account}`;
    let buckets = this.buckets.get(place);
    if (buckets === undefined) {
      buckets = new Map();
      this.buckets.set(place, buckets);
      this.places.set(place, { cloud: event.cloud, region: event.region, account: event.account });
    }
    const index = Math.floor(event.t / this.width);
    let counts = buckets.get(index);
    if (counts === undefined) {
      counts = OUTCOMES.map(() => 0);
      buckets.set(index, counts);
    }
    counts[outcome] = (counts[outcome] as number) + 1;
    this.calls++;
  }

  /** Non-empty buckets sorted by group then time; counts scaled by `scale` (1 / sample rate). */
  result(scale = 1): CallBucket[] {
    const accountsPer = new Map<string, Set<string>>();
    for (const { cloud, region, account } of this.places.values()) {
      const key = `${cloud} · ${region}`;
      const set = accountsPer.get(key) ?? new Set();
      set.add(account);
      accountsPer.set(key, set);
    }
    const out: CallBucket[] = [];
    for (const [place, buckets] of this.buckets) {
      const { cloud, region, account } = must(this.places, place, 'place');
      const group = (accountsPer.get(`${cloud} · ${region}`)?.size ?? 1) > 1 ? `${cloud} · ${account} · ${region}` : `${cloud} · ${region}`;
      for (const [index, counts] of buckets) out.push({ group, t: index * this.width, counts: counts.map((c) => c * scale) });
    }
    return out.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.t - b.t));
  }
}
