/** The backtest as a table: forecast vs actual per cluster (`*`) and pool, then the fleet's errors. */

import { formatDuration } from '../engine/duration.js';
import type { BacktestResult } from './backtest.js';

const d = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '-' : formatDuration(Math.round(ms / 1000) * 1000));
const pct = (v: number | null): string => (v === null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`);

export function renderBacktest(result: BacktestResult): string {
  const header = ['cluster', 'pool', 'start', 'forecast start', 'duration', 'forecast', 'replaced', 'forecast', 'error'];
  const lines = result.rows.map((r) => [
    r.cluster, r.pool,
    d(r.actual.start - result.origin), r.forecast === null ? '-' : d(r.forecast.start - result.origin),
    d(r.actual.duration), d(r.forecast?.duration),
    String(r.actual.replaced), r.forecast === null ? '-' : String(r.forecast.replaced),
    pct(r.errorPercent),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [format(header), ...lines.map(format)];
  const f = result.fleet;
  out.push('', `fleet: ${f.clusters} cluster${f.clusters === 1 ? '' : 's'}, duration error median ${f.medianErrorPercent === null ? '-' : `${f.medianErrorPercent.toFixed(1)}%`}, worst ${f.worstErrorPercent === null ? '-' : `${f.worstErrorPercent.toFixed(1)}%`} (starts from the first rollout's start, ${new Date(result.origin).toISOString()})`);
  for (const note of result.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
