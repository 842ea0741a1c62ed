export * from './enums.js';
export * from './live.js';
