/** Rounding for summaries, so figures print the same everywhere. */

/** Rounds to an integer number of ms (or to 3 decimals for ratios) so summaries print the same everywhere. */
export function roundMs(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Math.round(value);
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
