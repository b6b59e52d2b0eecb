export * from './duration.js';
export * from './event-queue.js';
export * from './simulation.js';
export * from './random.js';
export * from './distribution.js';
export * from './token-bucket.js';
export * from './must.js';
