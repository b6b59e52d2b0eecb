/**
 * Seed lists for sweeps: `1000` means seeds 1…1000; `17,42,100-199` is a list of seeds and
 * inclusive ranges. The result is sorted and without duplicates, so the same seeds written in
 * another order make the same sweep.
 */

/** More seeds than this in one sweep is refused (a typo rather than a plan). */
export const MAX_SEEDS = 10_000_000;

export class SeedSpecError extends Error {}

function seedNumber(text: string, spec: string): number {
  if (!/^\d+$/.test(text)) throw new SeedSpecError(`--seeds "${spec}": "${text}" is not a non-negative integer`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new SeedSpecError(`--seeds "${spec}": ${text} is too large`);
  return value;
}

export function parseSeeds(spec: string | number): number[] {
  const text = String(spec).trim();
  if (text === '') throw new SeedSpecError('--seeds: expected a count such as 1000 or a list such as 17,42,100-199');
  if (/^\d+$/.test(text)) {
    const count = seedNumber(text, text);
    if (count < 1) throw new SeedSpecError(`--seeds ${text}: expected at least 1 seed (a count N runs seeds 1…N)`);
    if (count > MAX_SEEDS) throw new SeedSpecError(`--seeds ${text}: at most ${MAX_SEEDS.toLocaleString('en-US')} seeds in one sweep`);
    return Array.from({ length: count }, (_, i) => i + 1);
  }
  const seeds = new Set<number>();
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') throw new SeedSpecError(`--seeds "${text}": an empty item between commas`);
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (range !== null) {
      const from = seedNumber(range[1] as string, text);
      const to = seedNumber(range[2] as string, text);
      if (to < from) throw new SeedSpecError(`--seeds "${text}": the range ${item} runs backwards`);
      if (seeds.size + (to - from + 1) > MAX_SEEDS) throw new SeedSpecError(`--seeds "${text}": at most ${MAX_SEEDS.toLocaleString('en-US')} seeds in one sweep`);
      for (let seed = from; seed <= to; seed++) seeds.add(seed);
    } else {
      seeds.add(seedNumber(item, text));
    }
  }
  return [...seeds].sort((a, b) => a - b);
}

/** The shortest list form of sorted seeds that reads back the same: `1-1000`, `17,42,100-199`, `7-7`. */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < seeds.length) {
    let j = i;
    while (j + 1 < seeds.length && (seeds[j + 1] as number) === (seeds[j] as number) + 1) j++;
    parts.push(j === i ? String(seeds[i]) : j === i + 1 ? `${seeds[i]},${seeds[j]}` : `${seeds[i]}-${seeds[j]}`);
    i = j + 1;
  }
  // A lone number would read back as a count: write a single seed as a range of one.
  if (parts.length === 1 && /^\d+$/.test(parts[0] as string)) return `${parts[0]}-${parts[0]}`;
  return parts.join(',');
}
