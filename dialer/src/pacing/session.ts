import { StatsEstimator, type EstimatorOptions } from './estimator.js';
import { decide, initialController, type ControllerState, type PacingDecision } from './pacer.js';
import type { AgentView, CallEvent, CallView, PacingSettings } from './types.js';

/** What a dialer sees of one campaign at the moment of a decision, already turned into the engine's views. */
export interface PacingSituation {
  agents: readonly AgentView[];
  calls: readonly CallView[];
  /** Lines bridged to an agent (or, agentless, to the IVR). */
  bridgedCalls: number;
  /** Numbers left to dial, when known. */
  leadsAvailable?: number;
}

/**
 * One campaign's pacing: its statistics, its budget controller and the one decision function every
 * dial mode goes through. The live dialer (campaign/pacing.ts) and the simulator (sim/simulator.ts)
 * both hold one of these, so they cannot drift apart: a situation and the same history give the same
 * decision whichever of them asks.
 */
export class PacingSession {
  readonly estimator: StatsEstimator;
  private controller: ControllerState = initialController();
  last: PacingDecision | null = null;

  constructor(opts: EstimatorOptions = {}) {
    this.estimator = new StatsEstimator(opts);
  }

  /** Call events, in time order (seconds). */
  record(e: CallEvent): void {
    this.estimator.record(e);
  }

  /** How many calls to start now (`at` in seconds, the clock of the recorded events). */
  decide(situation: PacingSituation, settings: PacingSettings, at: number): PacingDecision {
    const d = decide({
      agents: situation.agents,
      calls: situation.calls,
      bridgedCalls: situation.bridgedCalls,
      leadsAvailable: situation.leadsAvailable,
      stats: this.estimator.snapshot(at),
      settings,
      controller: this.controller,
    });
    this.controller = d.controller;
    this.last = d;
    return d;
  }
}
