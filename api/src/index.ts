// @cobranza/api as a library: build the app for inject() tests, or run the whole platform in-process
// (the console's end-to-end test starts it this way).
export { buildApp, registerExtraRoutes, API_VERSION, type ExtraRoutes } from './app.js';
export { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { startServer } from './server.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export type { AppDeps, HealthCheck } from './deps.js';
export { seedDemo, DEMO_USERS, DEMO_PASSWORD } from './demo/seed.js';
export type { ComponentStart, ComponentContext, StartedComponent } from './components.js';
