export * from './columns.js';
export * from './csv.js';
export * from './id-documents.js';
export * from './regions.js';
export * from './validate.js';
export * from './values.js';
