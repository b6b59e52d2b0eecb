export * from './object.js';
export * from './conditions.js';
export * from './store.js';
export * from './controller.js';
export * from './manager.js';
export * from './metrics.js';
export * from './rate-limiter.js';
