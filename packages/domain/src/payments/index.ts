export * from './columns.js';
export * from './validate.js';
