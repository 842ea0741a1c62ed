export * from './money.js';
export * from './date.js';
export * from './mask.js';
export * from './redact.js';
export * from './zone.js';
export * from './product.js';
