export * from './rules.js';
export * from './assign.js';
