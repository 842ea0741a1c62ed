// Bridges the live dialer to the pure pacing engine (dialer/src/pacing): turns agents and calls in
// flight into its views, feeds its statistics estimator with what calls do, and asks how many to dial.
import { decide, initialController, StatsEstimator, DEFAULT_SETTINGS, type AgentView, type CallView, type ControllerState, type PacingDecision } from '../pacing/index.js';
import type { CallEvent as StatsEvent } from '../pacing/index.js';
import type { AgentRecord } from '../agents/state.js';
import type { LiveCall } from '../call/controller.js';
import type { CampaignSettings } from './settings.js';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

export class CampaignPacing {
  private readonly estimator = new StatsEstimator();
  private controller: ControllerState = initialController();
  private lastAt = 0;
  last: PacingDecision | null = null;

  /** Events must reach the estimator in time order, in seconds. */
  record(e: WithoutAt<StatsEvent>, nowMs: number): void {
    const at = Math.max(this.lastAt, nowMs / 1000);
    this.lastAt = at;
    try {
      this.estimator.record({ ...e, at } as StatsEvent);
    } catch {
      // an event for a call the estimator never saw dialed (e.g. adopted after a restart): skip it
    }
  }

  decide(input: {
    nowMs: number;
    agents: AgentRecord[];
    calls: LiveCall[];
    settings: CampaignSettings;
    paused: boolean;
    leadsAvailable?: number;
  }): PacingDecision {
    const now = input.nowMs;
    const agents: AgentView[] = [];
    for (const a of input.agents) {
      const secondsInState = Math.max(0, (now - a.since) / 1000);
      const leaving = a.pendingLogout || a.pendingPause !== null;
      if (a.state === 'ready') agents.push({ state: 'ready', secondsInState, leaving });
      // a reserved agent is about to talk to a person already counted as a waiting call
      else if (a.state === 'talking' || a.state === 'reserved') agents.push({ state: 'talking', secondsInState, leaving });
      else if (a.state === 'wrapping') agents.push({ state: 'wrapping', secondsInState, leaving });
      else if (a.state === 'paused') agents.push({ state: 'paused', secondsInState });
    }
    const calls: CallView[] = [];
    let bridged = 0;
    for (const c of input.calls) {
      const secondsInPhase = Math.max(0, (now - c.phaseSince) / 1000);
      switch (c.state.phase) {
        case 'reserved':
        case 'dialing':
        case 'ringing':
          calls.push({ phase: 'ringing', secondsInPhase: Math.max(0, (now - c.createdAt) / 1000) });
          break;
        case 'amd':
          calls.push({ phase: 'amd', secondsInPhase });
          break;
        case 'waiting':
          calls.push({ phase: 'waiting', secondsInPhase });
          break;
        case 'connecting':
        case 'bridged':
        case 'ivr':
          bridged++;
          break;
        default:
          break; // messages and hang-ups in progress hold a line but need no agent
      }
    }
    const s = input.settings;
    const d = decide({
      agents,
      calls,
      bridgedCalls: bridged,
      leadsAvailable: input.leadsAvailable,
      stats: this.estimator.snapshot(Math.max(this.lastAt, now / 1000)),
      settings: {
        ...DEFAULT_SETTINGS,
        mode: s.mode,
        paused: input.paused,
        abandonTarget: s.abandonTarget,
        maxLinesPerAgent: s.maxLinesPerAgent,
        minAgentsForPredictive: s.minAgentsForPredictive,
        agentlessConcurrency: s.agentlessConcurrency,
        amdHumanAsMachine: s.amdErrorEstimate,
        connectWithinSeconds: s.connectDeadlineMs / 1000,
      },
      controller: this.controller,
    });
    this.controller = d.controller;
    this.last = d;
    return d;
  }
}
