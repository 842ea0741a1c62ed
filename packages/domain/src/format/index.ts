export * from './money.js';
export * from './date.js';
export * from './mask.js';
