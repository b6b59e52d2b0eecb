/** Backtests: a real rollout rebuilt from dumps, against fleetsim's forecast of it. */
export { backtest, backtestFiles, compareRollouts, type BacktestOptions, type BacktestResult, type BacktestRow, type BacktestOutcome } from './backtest.js';
export { reconstructRollouts, type PoolRollout } from './reconstruct.js';
export { renderBacktest } from './render.js';
export { rolloutsOfOneDump, previousMinor, WINDOW_MS, CONTROL_PLANE_LEAD_MS } from './single.js';
