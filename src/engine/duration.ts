/**
 * Durations: virtual time is integer milliseconds. Scenario files write durations as strings with
 * units (`90s`, `5m`, `1h30m`, `2d`, `250ms`) or as integer milliseconds.
 */

export type Millis = number;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };
const COMPONENT = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** The largest duration fleetsim accepts: 100 years keeps every sum far below 2^53. */
export const MAX_DURATION_MS = 100 * 365 * DAY;

/** Parses `90s`, `1h30m`, `1.5h`, `250ms` or a non-negative integer of ms. Returns an error string on failure. */
export function parseDuration(input: string | number): Millis | { error: string } {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0) return { error: `expected a non-negative integer of milliseconds, got ${input}` };
    if (input > MAX_DURATION_MS) return { error: `duration ${input}ms is longer than 100 years` };
    return input;
  }
  const text = input.trim();
  if (text === '') return { error: 'expected a duration such as 90s, 5m, 1h30m or 2d, got an empty string' };
  if (/^\d+$/.test(text)) return parseDuration(Number(text));
  let total = 0;
  let position = 0;
  const seen = new Set<string>();
  COMPONENT.lastIndex = 0;
  while (position < text.length) {
    COMPONENT.lastIndex = position;
    const match = COMPONENT.exec(text);
    if (!match) return { error: `expected a duration such as 90s, 5m, 1h30m or 2d, got "${input}"` };
    const unit = match[2] as string;
    if (seen.has(unit)) return { error: `unit "${unit}" appears twice in "${input}"` };
    seen.add(unit);
    total += Number(match[1]) * (UNIT_MS[unit] as number);
    position = COMPONENT.lastIndex;
  }
  const rounded = Math.round(total);
  if (rounded > MAX_DURATION_MS) return { error: `duration "${input}" is longer than 100 years` };
  return rounded;
}

/** Like parseDuration but throws; for durations written in code, not read from users. */
export function duration(input: string | number): Millis {
  const parsed = parseDuration(input);
  if (typeof parsed !== 'number') throw new Error(parsed.error);
  return parsed;
}

/** Formats ms as the shortest exact unit string: 5400000 → "1h30m", 1500 → "1.5s", 0 → "0s". */
export function formatDuration(ms: Millis): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MINUTE]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0) {
    out += rest % SECOND === 0 ? `${rest / SECOND}s` : rest < SECOND && out === '' ? `${rest}ms` : `${(rest / SECOND).toFixed(3).replace(/0+$/, '')}s`;
  }
  return out;
}

/**
 * Formats ms for people to read, the one format of every report, table and terminal line:
 * `2d03h00m`, `3h00m18s`, `4m05s`, `12.5s`, `350ms`. Seconds are rounded once a value passes a
 * minute (sub-second digits only under a minute, where they matter); every unit below the largest
 * is two digits, so `3h00m18s` never reads as `3h18s`. Not for scenario text (formatDuration is exact).
 */
export function formatElapsed(ms: Millis): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatElapsed(-ms)}`;
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE - 50) return `${(Math.round(ms / 100) / 10).toString()}s`;
  let seconds = Math.round(ms / SECOND);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d${two(hours)}h${two(minutes)}m`;
  if (hours > 0) return `${hours}h${two(minutes)}m${two(seconds)}s`;
  return `${minutes}m${two(seconds)}s`;
}
