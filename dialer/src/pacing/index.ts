export * from './types.js';
export { StatsEstimator, Forecast, type StatsSnapshot, type AbandonAccounting, type EstimatorOptions } from './estimator.js';
export { decide, initialController, type PacingInput, type PacingDecision, type ControllerState } from './pacer.js';
export { PacingSession, type PacingSituation } from './session.js';
export { estimateAbandons, type AbandonEstimate } from './abandon.js';
export type { AbandonCounts } from './window.js';
