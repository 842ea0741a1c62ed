export * from './connect.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export type * from './schema.js';
export { DataDirLockedError, lockFileOf } from './data-dir-lock.js';
