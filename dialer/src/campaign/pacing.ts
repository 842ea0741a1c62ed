// Bridges the live dialer to the pure pacing engine (dialer/src/pacing): turns agents and calls in
// flight into its views, feeds its statistics estimator with what calls do, and asks how many to dial.
import { PacingSession, DEFAULT_SETTINGS, type AgentView, type CallView, type PacingDecision, type PacingSettings, type PacingSituation } from '../pacing/index.js';
import type { CallEvent as StatsEvent } from '../pacing/index.js';
import { DEFAULT_ABANDON, type AbandonSettings } from '@cobranza/compliance';
import type { AgentRecord } from '../agents/state.js';
import type { LiveCall } from '../call/controller.js';
import type { CampaignSettings } from './settings.js';

export interface HistoricAttempt {
  id: string;
  created_at: Date;
  dialed_at: Date | null;
  answered_at: Date | null;
  human_at: Date | null;
  bridged_at: Date | null;
  ended_at: Date | null;
  outcome: string | null;
  amd_status: string | null;
}

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

export class CampaignPacing {
  private session: PacingSession;
  private estimator: PacingSession['estimator'];
  private lastAt = 0;
  /** The cap and window of the campaign's debtor jurisdictions (compliance profiles). */
  abandon: AbandonSettings;

  constructor(abandon: AbandonSettings = DEFAULT_ABANDON) {
    this.abandon = { ...abandon };
    this.session = new PacingSession({ abandonWindowSeconds: abandon.windowHours * 3600 });
    this.estimator = this.session.estimator;
  }

  /** How far back the rolling abandon rate (and so a restart's history) reaches. */
  get abandonWindowMs(): number {
    return this.abandon.windowHours * 3_600_000;
  }

  /**
   * Takes the jurisdictions' abandon settings. A different window restarts the statistics: call it
   * before seed() (the campaign's load), so the history replayed is the new window's.
   */
  useAbandonRules(a: AbandonSettings): void {
    if (a.windowHours !== this.abandon.windowHours) {
      this.session = new PacingSession({ abandonWindowSeconds: a.windowHours * 3600 });
      this.estimator = this.session.estimator;
      this.lastAt = 0;
    }
    this.abandon = { ...a };
  }

  get last(): PacingDecision | null {
    return this.session.last;
  }

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

  /**
   * Replays the campaign's past attempts (oldest first) so a restarted dialer keeps the rolling
   * abandon rate and the learned distributions instead of starting from nothing.
   */
  seed(history: HistoricAttempt[]): number {
    const events: StatsEvent[] = [];
    const sec = (d: Date) => d.getTime() / 1000;
    for (const a of history) {
      const dialed = a.dialed_at ?? a.created_at;
      const id = a.id;
      events.push({ type: 'dialed', at: sec(dialed), callId: id });
      const amd = a.amd_status !== null;
      if (a.answered_at) {
        events.push({ type: 'ringEnded', at: sec(a.answered_at), callId: id, result: 'answered', ringSeconds: sec(a.answered_at) - sec(dialed), amd });
      } else if (a.ended_at) {
        const result = a.outcome === 'busy' ? 'busy' : a.outcome === 'no_answer' || a.outcome === 'cancelled' ? 'noAnswer' : 'failed';
        events.push({ type: 'ringEnded', at: sec(a.ended_at), callId: id, result, ringSeconds: sec(a.ended_at) - sec(dialed), amd: false });
      }
      if (amd && a.answered_at) {
        const decidedAt = a.human_at ?? (a.outcome === 'machine' ? a.ended_at : null);
        if (decidedAt) events.push({ type: 'amdDone', at: sec(decidedAt), callId: id, verdict: a.human_at ? 'human' : 'machine', amdSeconds: sec(decidedAt) - sec(a.answered_at) });
      }
      if (a.human_at && a.bridged_at) {
        events.push({ type: 'connected', at: sec(a.bridged_at), callId: id, waitSeconds: sec(a.bridged_at) - sec(a.human_at), afterAmd: amd });
        if (a.ended_at) events.push({ type: 'talkEnded', at: sec(a.ended_at), callId: id, talkSeconds: sec(a.ended_at) - sec(a.bridged_at), party: 'human' });
      } else if (a.human_at && a.outcome === 'abandoned') {
        const at = Math.min(sec(a.ended_at ?? a.human_at), sec(a.human_at) + 2);
        events.push({ type: 'dropped', at, callId: id, waitSeconds: at - sec(a.human_at), afterAmd: amd });
      }
    }
    events.sort((x, y) => x.at - y.at);
    let n = 0;
    for (const e of events) {
      if (e.at < this.lastAt) continue;
      this.estimator.record(e);
      this.lastAt = e.at;
      n++;
    }
    return n;
  }

  /**
   * The one decision of every dial mode (preview, progressive, predictive, agentless) for the live
   * campaign: the same PacingSession.decide the simulator calls, on views built here once per tick.
   */
  decide(input: {
    nowMs: number;
    agents: readonly AgentRecord[];
    calls: readonly LiveCall[];
    /** Leads taken from the hopper but not yet registered as calls: lines about to ring. */
    pendingDials?: number;
    settings: CampaignSettings;
    paused: boolean;
    leadsAvailable?: number;
  }): PacingDecision {
    const situation = liveSituation(input.agents, input.calls, input.nowMs, input.pendingDials ?? 0);
    situation.leadsAvailable = input.leadsAvailable;
    return this.session.decide(situation, engineSettings(input.settings, input.paused, this.abandon), Math.max(this.lastAt, input.nowMs / 1000));
  }
}

/**
 * A campaign's settings as the engine reads them: its cap never above its debtors' jurisdictions'
 * (the platform's safe default where none sets one), and their estimate of AMD errors when larger.
 */
export function engineSettings(s: CampaignSettings, paused: boolean, abandon: AbandonSettings = DEFAULT_ABANDON): PacingSettings {
  return {
    ...DEFAULT_SETTINGS,
    mode: s.mode,
    paused,
    abandonTarget: Math.min(s.abandonTarget, abandon.maxRate),
    maxLinesPerAgent: s.maxLinesPerAgent,
    minAgentsForPredictive: s.minAgentsForPredictive,
    agentlessConcurrency: s.agentlessConcurrency,
    amdHumanAsMachine: Math.max(s.amdErrorEstimate, abandon.amdErrorEstimate ?? 0),
    connectWithinSeconds: s.connectDeadlineMs / 1000,
  };
}

/**
 * The live agents and calls as the engine's views (the simulator's counterpart is simSituation):
 * an agent finishing a call before logging out or pausing is `leaving` and never counted available;
 * a reserved agent is about to talk to a person already counted as a waiting call.
 */
export function liveSituation(agentRecords: readonly AgentRecord[], liveCalls: readonly LiveCall[], now: number, pendingDials = 0): PacingSituation {
  const agents: AgentView[] = [];
  for (const a of agentRecords) {
    const secondsInState = Math.max(0, (now - a.since) / 1000);
    const leaving = a.pendingLogout || a.pendingPause !== null;
    if (a.state === 'ready') agents.push({ state: 'ready', secondsInState, leaving });
    else if (a.state === 'talking' || a.state === 'reserved') agents.push({ state: 'talking', secondsInState, leaving });
    else if (a.state === 'wrapping') agents.push({ state: 'wrapping', secondsInState, leaving });
    else if (a.state === 'paused') agents.push({ state: 'paused', secondsInState });
  }
  const calls: CallView[] = [];
  let bridged = 0;
  for (const c of liveCalls) {
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
  for (let k = 0; k < pendingDials; k++) calls.push({ phase: 'ringing', secondsInPhase: 0 });
  return { agents, calls, bridgedCalls: bridged };
}
