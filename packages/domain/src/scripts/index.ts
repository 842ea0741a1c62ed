export * from './template.js';
export * from './render.js';
