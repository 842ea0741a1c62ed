import { DEFAULT_PACING } from '@cobranza/contracts';

/**
 * Public types of the pacing engine. Everything here is plain data so the live dialer (ARI) and
 * the scenario simulator build the same inputs; the engine itself reads no clock and does no I/O.
 */

export type DialMode = 'preview' | 'progressive' | 'predictive' | 'agentless';

/** Mode actually applied by one decision (predictive may fall back to progressive). */
export type EffectiveMode = DialMode | 'paused';

export type AgentState = 'ready' | 'talking' | 'wrapping' | 'paused';

export interface AgentView {
  state: AgentState;
  /** Seconds since the agent entered `state` (for talking: since the call was bridged). */
  secondsInState: number;
  /** True when the agent asked to log out: finishes the current call, takes no further calls. */
  leaving?: boolean;
}

/** ringing: dialed, not answered. amd: answered, machine detection running. waiting: a person (per AMD) waits for an agent. */
export type CallPhase = 'ringing' | 'amd' | 'waiting';

export interface CallView {
  phase: CallPhase;
  /** Seconds since the call entered `phase` (ringing: since dial; amd: since answer; waiting: since recognised as a person). */
  secondsInPhase: number;
}

/** Settings a supervisor may change at run time; see DEFAULT_SETTINGS for meanings and defaults. */
export interface PacingSettings {
  mode: DialMode;
  /** Campaign is paused or stopped: dial nothing. */
  paused: boolean;
  /** Maximum abandoned share of live answers (regulatory cap), default 0.03. */
  abandonTarget: number;
  /** Fraction of the cap the budget controller aims at (a margin for what the dialer cannot see), default 0.9. */
  abandonAim: number;
  /** Lines (ringing + amd + waiting + bridged) per available agent, at most. */
  maxLinesPerAgent: number;
  /** Below this many available (logged-in, not paused, not leaving) agents predictive runs as progressive. */
  minAgentsForPredictive: number;
  /** Agentless (IVR) campaigns: lines in use at most. */
  agentlessConcurrency: number;
  /** Estimated probability that AMD classifies a live person as a machine (measured by the operator). */
  amdHumanAsMachine: number;
  /** A live person must be bridged within this many seconds of being recognised, else the call is abandoned. */
  connectWithinSeconds: number;
  /** Short-window guard (window length set on the estimator): predictive stops while that window runs above guardFactor x cap. */
  guardFactor: number;
  /** Predictive falls back to progressive once the rolling rate reaches this fraction of the cap. */
  nearCapFraction: number;
}

/**
 * What a supervisor sets comes from the platform's one definition (DEFAULT_PACING in
 * @cobranza/contracts, shown on the console and wallboard); the rest are the engine's own tuning.
 */
export const DEFAULT_SETTINGS: Readonly<PacingSettings> = Object.freeze({
  mode: DEFAULT_PACING.mode,
  paused: false,
  abandonTarget: DEFAULT_PACING.abandonTarget,
  abandonAim: 0.9,
  maxLinesPerAgent: DEFAULT_PACING.maxLinesPerAgent,
  minAgentsForPredictive: DEFAULT_PACING.minAgentsForPredictive,
  agentlessConcurrency: DEFAULT_PACING.agentlessConcurrency,
  amdHumanAsMachine: DEFAULT_PACING.amdErrorEstimate,
  connectWithinSeconds: 2,
  guardFactor: 1.5,
  nearCapFraction: 0.99,
});

export type CallId = string | number;

/**
 * What the dialer observes about calls, fed to the statistics estimator in time order.
 * `at` is the dialer's clock in seconds (any origin, monotonic).
 */
export type CallEvent =
  | { type: 'dialed'; at: number; callId: CallId }
  | {
      type: 'ringEnded';
      at: number;
      callId: CallId;
      result: 'answered' | 'busy' | 'failed' | 'noAnswer';
      ringSeconds: number;
      /** answered calls only: true when machine detection runs next */
      amd: boolean;
    }
  | { type: 'amdDone'; at: number; callId: CallId; verdict: 'human' | 'machine'; amdSeconds: number }
  /** A call recognised as a person was bridged to an agent. */
  | { type: 'connected'; at: number; callId: CallId; waitSeconds: number; afterAmd: boolean }
  /** A call recognised as a person was not bridged in time and got the safe-harbour message. */
  | { type: 'dropped'; at: number; callId: CallId; waitSeconds: number; afterAmd: boolean }
  /** The bridged call ended; `party` is the agent's disposition (a machine that slipped through AMD, or a person). */
  | { type: 'talkEnded'; at: number; callId: CallId; talkSeconds: number; party: 'human' | 'machine' }
  | { type: 'wrapEnded'; at: number; callId: CallId; wrapSeconds: number };
