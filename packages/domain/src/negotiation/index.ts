export * from './rules.js';
export * from './issues.js';
export * from './promise.js';
export * from './settlement.js';
export * from './instalments.js';
export * from './promise-status.js';
