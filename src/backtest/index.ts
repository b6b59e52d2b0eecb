/** Backtests: a real rollout rebuilt from dumps, against fleetsim's forecast of it. */
export { backtest, compareRollouts, type BacktestResult, type BacktestRow, type BacktestOutcome } from './backtest.js';
export { reconstructRollouts, type PoolRollout } from './reconstruct.js';
export { renderBacktest } from './render.js';
