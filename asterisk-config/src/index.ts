export * from './env.js';
export * from './numbers.js';
