// Request/response schemas of the HTTP API (TypeBox = JSON Schema + static types), shared with the console.
export * from './common.js';
export * from './auth.js';
export * from './catalog.js';
export * from './campaigns.js';
export * from './campaign-status.js';
export * from './debtors.js';
export * from './dispositions.js';
export * from './realtime.js';
export * from './shift.js';
export * from './health.js';
export * from './payment-imports.js';
export * from './audit.js';
export * from './imports.js';
export * from './reports.js';
export * from './editors.js';
export * from './callbacks.js';
